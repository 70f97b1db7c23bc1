// Runs a tool body and turns its outcome into an MCP result: text on success, isError with the
// DocsError's message (which says what to do next) on failure. Unexpected errors are reported too.
import { z } from 'zod';
import { isDocsError } from '../../errors.js';
import { estimateTokens, tokensToChars } from '../../text/budget.js';
import type { IndexingProgress, ServerContext } from '../context.js';
import { showMessage } from '../project-path.js';

export interface TextResult {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  isError?: boolean;
}

/**
 * `wait` false: the body reads no doc set (or makes do with what is indexed so far); a docset:
 * the doc set the request names, indexed first when it is an installed package not indexed yet.
 */
export async function runTool(
  context: ServerContext,
  maxTokens: number | undefined,
  body: (progress?: IndexingProgress) => Promise<string>,
  wait: boolean | { docset?: string } = true,
  request?: ToolRequest,
): Promise<TextResult> {
  // Answered from what is ready: say what is still coming, so the agent knows to ask again (a page
  // or doc set not found may be one still being indexed).
  const stillComing = () => {
    const pending = wait ? (context.pending?.() ?? []) : [];
    return pending.length ? `\n\n(Still ${pending.join('; ')}: this answer comes from the doc sets ready now; ask again in a minute to include it.)` : '';
  };
  try {
    const progress = request && progressReporter(request);
    if (wait) await context.ready(typeof wait === 'object' ? wait.docset : undefined, progress);
    const text = await body(progress);
    const note = stillComing();
    // The note counts against the budget too (the default one included).
    return { content: [{ type: 'text', text: `${fitBudget(text, (maxTokens ?? DEFAULT_MAX_TOKENS) - estimateTokens(note))}${note}` }] };
  } catch (error) {
    const text = showMessage(context, isDocsError(error) ? `${error.code}: ${error.message}` : `INTERNAL: ${(error as Error)?.message ?? String(error)}`);
    if (!isDocsError(error)) context.log(`tool failed: ${(error as Error)?.stack ?? String(error)}`);
    const note = isDocsError(error) && error.code !== 'NOT_READY' ? stillComing() : '';
    return { content: [{ type: 'text', text: `${fitBudget(text, (maxTokens ?? DEFAULT_MAX_TOKENS) - estimateTokens(note))}${note}` }], isError: true };
  }
}

/** What a tool handler gets from the SDK about its call: the request's `_meta` and a way to notify the client. */
export interface ToolRequest {
  mcpReq: {
    _meta?: { progressToken?: string | number; [key: string]: unknown };
    notify(notification: { method: string; params?: Record<string, unknown> }): Promise<void>;
    log?(level: 'info', data: unknown): Promise<void>;
  };
}

/**
 * Progress of indexing a call waits for: `notifications/progress` when the client sent a progress
 * token, else log notifications; at most one a second, and never one that fails the call.
 */
function progressReporter(request: ToolRequest): IndexingProgress {
  const token = request.mcpReq._meta?.progressToken;
  let last = 0;
  // Progress must grow with every notification.
  let progress = 0;
  return (message, done, total) => {
    const now = Date.now();
    if (now - last < 1000) return;
    last = now;
    progress = Math.max(progress + 1, done ?? 0);
    const sent =
      token !== undefined
        ? request.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress, ...(total && total >= progress ? { total } : {}), message } })
        : request.mcpReq.log?.('info', `vdocs: ${message}`);
    void sent?.catch(() => undefined);
  };
}

const DEFAULT_MAX_TOKENS = 2000;

/** Last guard of the budget: the answer never exceeds maxTokens, and says so when cut. */
function fitBudget(text: string, maxTokens: number | undefined): string {
  const limit = maxTokens ?? DEFAULT_MAX_TOKENS;
  if (estimateTokens(text) <= limit) return text;
  const note = '\n… (answer cut to fit maxTokens)';
  return text.slice(0, tokensToChars(limit) - note.length) + note;
}

/**
 * A tool's input schema without the `$schema` line zod adds to each: every tools/list answer
 * repeats it once per tool, in every conversation, and MCP's default dialect says the same.
 * Built once per module, not per registration: over HTTP a server is built for every request.
 */
export function toolInput<S extends z.ZodRawShape>(shape: S): z.ZodObject<S> {
  const schema = z.object(shape);
  const standard = schema['~standard'];
  const strip = (json: Record<string, unknown>) => {
    const { $schema: _dialect, ...rest } = json;
    return rest;
  };
  Object.defineProperty(schema, '~standard', {
    value: {
      ...standard,
      jsonSchema: {
        input: (options: Parameters<typeof standard.jsonSchema.input>[0]) => strip(standard.jsonSchema.input(options)),
        output: (options: Parameters<typeof standard.jsonSchema.output>[0]) => strip(standard.jsonSchema.output(options)),
      },
    },
  });
  return schema;
}
