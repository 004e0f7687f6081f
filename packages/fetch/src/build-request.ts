/**
 * Build the `Request` that is actually sent: a copy of the caller's `input`/`init` that can be given
 * its own `Authorization` header without touching the caller's objects.
 *
 * A `Request` input whose body would be taken over is cloned first, so the caller's `Request`
 * stays unread (`bodyUsed === false`). A `Request` whose body was already read throws the same
 * `TypeError` as `fetch`, before any token is requested.
 */
export function buildRequest(input: string | URL | Request, init?: RequestInit): Request {
  const takesInputBody = input instanceof Request && input.body !== null && init?.body == null;
  return new Request(takesInputBody ? input.clone() : input, init);
}

/** Set `Authorization: Bearer <token>` on `request`, replacing any the caller gave. */
export function authorize(request: Request, tokenValue: string): Request {
  request.headers.set('authorization', `Bearer ${tokenValue}`);
  return request;
}

/**
 * The `init` members that only the fetch implementation understands and a `Request` drops (Node's
 * undici `dispatcher`, e.g. a proxy agent); forwarded as the second argument of the real fetch.
 */
export function fetchOnlyInit(init?: RequestInit): RequestInit | undefined {
  if (init === undefined || !('dispatcher' in init)) return undefined;
  return { dispatcher: (init as { dispatcher?: unknown }).dispatcher } as RequestInit;
}
