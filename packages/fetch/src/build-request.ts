/** What the authorized fetch sends, prepared once per attempt from the caller's arguments. */
export interface Outgoing {
  /** The caller's signal (from `init` or the `Request`), for the token wait. */
  readonly signal: AbortSignal | undefined;
  /** The absolute URL of the request, checked against the origin policy before anything is sent. */
  readonly url: URL;
  /** The request method, upper case. */
  readonly method: string;
  /** The caller's redirect mode; `follow` is done by the authorized fetch itself, hop by hop. */
  readonly redirect: RequestRedirect;
  /** A copy of the caller's headers (without the token), for a redirect hop. */
  headers(): Headers;
  /** The `init` members only the fetch implementation understands (undici's `dispatcher`). */
  readonly extra: RequestInit | undefined;
  /**
   * The arguments for the real fetch, carrying `Authorization: Bearer <token>`, with redirect
   * `manual` when the caller's mode is `follow` (so no hop is followed without an origin check).
   */
  withToken(tokenValue: string): [input: string | URL | Request, init: RequestInit | undefined];
}

/** The platform's own fetch, as it was when this module loaded. */
const PLATFORM_FETCH: unknown = globalThis.fetch;

/**
 * Prepare a copy of the caller's `input`/`init` that can be given its own `Authorization` header
 * without touching the caller's objects, for sending with `send`.
 *
 * - In general a new `Request` is built and handed to `send` (a `Request` input is cloned first
 *   when its body would be taken over, so the caller's stays unread). A `Request` whose body was
 *   already read, or an invalid URL, throws the same `TypeError` as `fetch`, before any token is
 *   requested.
 * - When `send` is the platform's own fetch and `input` is a URL or string, that fetch gets the
 *   caller's `input` and a copy of `init` with copied headers instead: it builds exactly the same
 *   `Request` from them itself, and the request is not constructed twice per call.
 */
export function prepareRequest(
  input: string | URL | Request,
  init: RequestInit | undefined,
  send: unknown,
): Outgoing {
  const redirect = init?.redirect ?? (input instanceof Request ? input.redirect : 'follow');
  const sentRedirect: RequestRedirect = redirect === 'follow' ? 'manual' : redirect;
  const extra = fetchOnlyInit(init);
  if (input instanceof Request || send !== PLATFORM_FETCH) {
    const takesInputBody = input instanceof Request && input.body !== null && init?.body == null;
    const request = new Request(takesInputBody ? input.clone() : input, {
      ...init,
      redirect: sentRedirect,
    });
    const callerHeaders = new Headers(request.headers);
    return {
      signal: request.signal,
      url: new URL(request.url),
      method: request.method,
      redirect,
      headers: () => new Headers(callerHeaders),
      extra,
      withToken(tokenValue) {
        request.headers.set('authorization', `Bearer ${tokenValue}`);
        return [request, extra];
      },
    };
  }
  if (!(input instanceof URL) && !URL.canParse(input)) {
    throw new TypeError(`Failed to parse URL from ${String(input)}`);
  }
  return {
    signal: init?.signal ?? undefined,
    url: new URL(input),
    method: (init?.method ?? 'GET').toUpperCase(),
    redirect,
    headers: () => new Headers(init?.headers),
    extra,
    withToken(tokenValue) {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${tokenValue}`);
      return [input, { ...init, headers, redirect: sentRedirect }];
    },
  };
}

/**
 * The `init` members that only the fetch implementation understands and a `Request` drops (Node's
 * undici `dispatcher`, e.g. a proxy agent); forwarded as the second argument of the real fetch.
 */
function fetchOnlyInit(init?: RequestInit): RequestInit | undefined {
  if (init === undefined || !('dispatcher' in init)) return undefined;
  return { dispatcher: (init as { dispatcher?: unknown }).dispatcher } as RequestInit;
}
