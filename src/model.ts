// The nouns of vdocs, types only. Glossary: doc set (name@version), source, page, section, hit.

/** Where a doc set's pages come from, as the user wrote it (`./docs`, `npm:pkg@1#docs`, `https://x/llms.txt`). */
export type SourceSpec =
  | { kind: 'folder'; path: string }
  | { kind: 'npm'; spec: string; subfolder?: string }
  | { kind: 'llms'; location: string }
  /** A documentation website: its llms.txt, else its sitemap, else its links from the start page. */
  | { kind: 'site'; url: string }
  /** An installed package's folder: its docs folder, else its README and CHANGELOG. */
  | { kind: 'installed'; path: string }
  /** A repository on a forge at a ref (tag, branch or commit), optionally one folder of it. */
  | { kind: 'git'; forge: Forge; owner: string; repo: string; ref: string; subfolder?: string };

export type Forge = 'github' | 'gitlab' | 'bitbucket';

/** A file read from a source, before parsing. `path` is relative to the doc set root, `/`-separated. */
export interface SourceFile {
  path: string;
  content: string;
}

/** What a source yields: the files plus the identity it discovered (an npm source knows its exact version). */
export interface SourceFiles {
  files: SourceFile[];
  /** Version found by the source itself (package version), if any. */
  version?: string;
  /** Package name, for npm sources. */
  packageName?: string;
  warnings: string[];
}

export interface DocSetRef {
  name: string;
  version: string;
}

export interface DocSetInfo extends DocSetRef {
  source: string;
  sourceHash: string;
  pageCount: number;
  sectionCount: number;
  indexedAt: string;
}

export interface Page {
  path: string;
  title: string;
  content: string;
  hash: string;
}

export type SectionKind = 'section' | 'row';

/** A piece of a page found under one heading, or one row of a large table. */
export interface Section {
  path: string;
  /** Position within the page, 0-based, in document order. */
  ord: number;
  kind: SectionKind;
  /** Slug of the heading (`#anchor`); empty for the page preamble. */
  anchor: string;
  /** Page title, then each enclosing heading. */
  headingPath: string[];
  level: number;
  /** 1-based, inclusive line range in the page. */
  startLine: number;
  endLine: number;
  /** Raw Markdown shown to the agent. */
  text: string;
  /** Inline code and code-fence identifiers, indexed apart so exact API names weigh more. */
  code: string;
  /** Hash of the normalised text, to fold identical sections on different pages into one hit. */
  contentHash: string;
  /**
   * Among sections with the same text, the one shown first: the copy on the page that collects
   * the most sections (a reference page rather than one of the pages that repeat it).
   */
  primaryCopy: boolean;
}

export interface StoredSection extends Section {
  id: number;
  docSetId: number;
  title: string;
}

export interface Hit {
  docset: string;
  version: string;
  path: string;
  /** Heading path joined with ' > '. */
  heading: string;
  anchor: string;
  lines: [number, number];
  text: string;
  score: number;
  /** Other pages carrying the same text. */
  alsoIn: string[];
  /** True when `text` is only part of the section. */
  truncated: boolean;
}
