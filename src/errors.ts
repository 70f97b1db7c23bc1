// The one error type of vdocs. The core throws it; the edges (CLI, MCP tools) turn it into text.

export type DocsErrorCode =
  | 'DOC_SET_NOT_FOUND'
  | 'VERSION_NOT_FOUND'
  | 'PATH_NOT_FOUND'
  | 'PATH_OUTSIDE_DOC_SET'
  | 'PATH_OUTSIDE_ROOT'
  | 'SECTION_NOT_FOUND'
  | 'INVALID_QUERY'
  | 'INVALID_ARGUMENT'
  | 'INVALID_CURSOR'
  | 'SOURCE_INVALID'
  | 'SOURCE_UNREADABLE'
  | 'SOURCE_REFUSED'
  | 'SOURCE_TOO_LARGE'
  | 'REGISTRY_UNREACHABLE'
  | 'NOT_READY'
  | 'TARBALL_REJECTED'
  | 'CONFIG_INVALID'
  | 'STORE_FAILED'
  | 'STORE_CORRUPT'
  | 'LIMIT_EXCEEDED';

export class DocsError extends Error {
  readonly code: DocsErrorCode;
  /** Extra facts the edges may show (nearest paths, available versions, ...). */
  readonly details: Record<string, unknown>;

  constructor(code: DocsErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, { cause: options.cause });
    this.name = 'DocsError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

export function isDocsError(error: unknown): error is DocsError {
  return error instanceof DocsError;
}
