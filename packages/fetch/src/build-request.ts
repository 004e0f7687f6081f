/**
 * What the authorized fetch sends, prepared once per attempt from the caller's arguments: plain
 * data (no closures), read by {@link sendOnce} and the redirect loop.
 */
export interface Outgoing {
  /** The caller's input, paths already resolved against the base URL. */
  readonly input: string | URL | Request;
  /** The caller's `init` (never modified). */
  readonly init: RequestInit | undefined;
  /** The copy built when the real fetch must get a `Request`; `undefined` when it gets `input`. */
  readonly request: Request | undefined;
  /** The absolute URL of the request, checked against the origin policy before anything is sent. */
  readonly url: string | URL;
  /**
   * `true` when `url` is a string that starts with an allowed origin followed by `/`: its origin
   * is then known without parsing it.
   */
  readonly originChecked: boolean;
  /** The caller's signal (from `init` or the `Request`), for the token wait. */
  readonly signal: AbortSignal | undefined;
  /** The request method, upper case. */
  readonly method: string;
  /** The caller's redirect mode; `follow` is done by the authorized fetch itself, hop by hop. */
  readonly redirect: RequestRedirect;
}

/** The platform's own fetch, as it was when this module loaded. */
const PLATFORM_FETCH: unknown = globalThis.fetch;

/**
 * Prepare a copy of the caller's `input`/`init` that can be given its own `Authorization` header
 * without touching the caller's objects, for sending with `send`. `allowedPrefixes` are the
 * allowed origins each followed by `/`.
 *
 * - In general a new `Request` is built and handed to `send` (a `Request` input is cloned first
 *   when its body would be taken over, so the caller's stays unread). A `Request` whose body was
 *   already read, or an invalid URL, throws the same `TypeError` as `fetch`, before any token is
 *   requested.
 * - When `send` is the platform's own fetch and `input` is a URL or string, that fetch gets the
 *   caller's `input` and a copy of `init` with copied headers instead: it builds exactly the same
 *   `Request` from them itself, so nothing is constructed twice per call. A string that starts
 *   with an allowed origin and `/` is not parsed here at all (a URL with that prefix always
 *   parses, and its origin is that one).
 */
export function prepareRequest(
  input: string | URL | Request,
  init: RequestInit | undefined,
  send: unknown,
  allowedPrefixes: readonly string[],
): Outgoing {
  const redirect = init?.redirect ?? (input instanceof Request ? input.redirect : 'follow');
  if (input instanceof Request || send !== PLATFORM_FETCH) {
    const takesInputBody = input instanceof Request && input.body !== null && init?.body == null;
    const request = new Request(takesInputBody ? input.clone() : input, {
      ...init,
      redirect: redirect === 'follow' ? 'manual' : redirect,
    });
    const url = request.url;
    return {
      input,
      init,
      request,
      url,
      originChecked: startsWithAny(url, allowedPrefixes),
      signal: request.signal,
      method: request.method,
      redirect,
    };
  }
  const originChecked = typeof input === 'string' && startsWithAny(input, allowedPrefixes);
  if (!originChecked && !(input instanceof URL) && !URL.canParse(input)) {
    throw new TypeError(`Failed to parse URL from ${String(input)}`);
  }
  return {
    input,
    init,
    request: undefined,
    url: input,
    originChecked,
    signal: init?.signal ?? undefined,
    method: init?.method === undefined ? 'GET' : init.method.toUpperCase(),
    redirect,
  };
}

/**
 * Send `outgoing` once with `authorization` (`Bearer <token>`), replacing any `Authorization` the
 * caller set, with redirect `manual` when the caller's mode is `follow` (so no hop is followed
 * without an origin check).
 */
export function sendOnce(
  send: (input: string | URL | Request, init?: RequestInit) => Promise<Response>,
  outgoing: Outgoing,
  authorization: string,
): Promise<Response> {
  const { request, init } = outgoing;
  if (request !== undefined) {
    request.headers.set('authorization', authorization);
    return send(request, fetchOnlyInit(init));
  }
  const headers = withAuthorization(init?.headers, authorization);
  const redirect = outgoing.redirect === 'follow' ? 'manual' : outgoing.redirect;
  return send(outgoing.input, { ...init, headers, redirect });
}

/** A copy of the caller's headers (the token is set on it by the caller), for a redirect hop. */
export function hopHeaders(outgoing: Outgoing): Headers {
  return new Headers(outgoing.request?.headers ?? outgoing.init?.headers);
}

/**
 * The `init` members that only the fetch implementation understands and a `Request` drops (Node's
 * undici `dispatcher`, e.g. a proxy agent); forwarded as the second argument of the real fetch.
 */
export function fetchOnlyInit(init?: RequestInit): RequestInit | undefined {
  if (init === undefined || !('dispatcher' in init)) return undefined;
  return { dispatcher: (init as { dispatcher?: unknown }).dispatcher } as RequestInit;
}

/**
 * `headers` plus `authorization`. A plain object stays a plain object (the platform fetch reads a
 * record faster than a `Headers`, which it iterates pair by pair), without the caller's own
 * `Authorization` key in any letter case; anything else becomes a `Headers`.
 */
function withAuthorization(headers: HeadersInit | undefined, authorization: string): HeadersInit {
  if (headers === undefined || headers === null) return { authorization };
  const proto: unknown = Object.getPrototypeOf(headers);
  if (proto !== Object.prototype && proto !== null) {
    const copy = new Headers(headers);
    copy.set('authorization', authorization);
    return copy;
  }
  const record = headers as Record<string, string>;
  const copy: Record<string, string> = {};
  for (const name of Object.keys(record)) {
    if (name.length !== 13 || name.toLowerCase() !== 'authorization') copy[name] = record[name]!;
  }
  copy.authorization = authorization;
  return copy;
}

function startsWithAny(url: string, prefixes: readonly string[]): boolean {
  for (const prefix of prefixes) if (url.startsWith(prefix)) return true;
  return false;
}
