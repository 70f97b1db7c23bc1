// Words dropped from queries: English function words and the filler of questions to an agent.
// Documents keep them (BM25's IDF already discounts them there); queries lose nothing useful.

export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are aren as at be because been before being below
between both but by can cannot could did didn do does doesn doing don down during each few for from further
had hadn has hasn have haven having he her here hers herself him himself his how i if in into is isn it its
itself just let ll me might more most must my myself no nor not now of off on once only or other ought our
ours ourselves out over own re same shall she should so some such than that the their theirs them themselves
then there these they this those through to too under until up very via was wasn we were weren what when
where which while who whom why will with won would you your yours yourself yourselves s t d m ve
also get gets got instead using want wants way ways anything something thing things tell know need needs
e g eg ie etc whether possible actually exactly currently still already really else every either
please`.split(/\s+/).filter(Boolean),
);
