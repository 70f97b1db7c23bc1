// What a fetch by URL may do (fetch-url.ts applies it). Kept apart so that reading the
// configuration does not load the HTTP client.

export interface FetchPolicy {
  /** True: any address. A set: these hostnames only (a URL the user typed). False: public addresses only. */
  allowPrivateNetwork: boolean | ReadonlySet<string>;
  /** Largest response body, after decompression. */
  maxBytes: number;
  /** Time for one response, headers to last byte. */
  timeoutMs: number;
  maxRedirects: number;
  /** Absolute time (Date.now() units) by which everything fetched for one source must be done. */
  deadline?: number;
  /** Ends requests in flight when the caller gives up on the whole source. */
  signal?: AbortSignal;
  /**
   * Archive hosts standing in for a forge's (config `forges`: `{"github.com": "<base URL>"}`), for
   * mirrors and tests: the base replaces `https://codeload.github.com`, `https://gitlab.com` or
   * `https://bitbucket.org` in the archive URL.
   */
  forges?: Readonly<Record<string, string>>;
}

export const DEFAULT_FETCH_POLICY: FetchPolicy = { allowPrivateNetwork: false, maxBytes: 10 * 1024 * 1024, timeoutMs: 20_000, maxRedirects: 5 };

/** The same policy for one source: a shared deadline from now. */
export function withDeadline(policy: FetchPolicy, ms: number): FetchPolicy {
  return { ...policy, deadline: Math.min(policy.deadline ?? Infinity, Date.now() + ms) };
}
