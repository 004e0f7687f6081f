/**
 * Exactly the call signature of the global `fetch`, so an authorized fetch drops in wherever a
 * `fetch` is accepted (SDK options, `ky`/`ofetch` `fetch` options, your own HTTP helpers).
 */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * The two options every HTTP integration that attaches the token shares (this fetch, the axios
 * interceptors, Express's `req.adumo.fetch`, NestJS's injected fetch and `HttpService`): declared
 * once here, and extended or picked by each integration's own options.
 */
export interface AuthorizedRequestOptions {
  /**
   * When the API answers 401, invalidate the token that was sent (compare-and-invalidate: a newer
   * token is kept), get the next one and send the request again, once, if its body can be
   * replayed. Default `true`; set `false` for requests that must never be sent twice.
   */
  readonly retryOnUnauthorized?: boolean | undefined;
  /**
   * Origins besides the token source's `baseUrl` origin that may receive the token, e.g.
   * `['https://apiv3.adumoonline.com']`. Each must be `https` (plain `http` only for loopback
   * hosts). A fetch refuses a request to any other origin with an `OriginNotAllowedError` and
   * sends nothing; axios (and NestJS's `HttpService`) sends it without the token. A redirect to
   * another origin is never followed with the token. Required when the source has no `baseUrl`
   * (a path is resolved against the `baseUrl` only, so such a fetch needs absolute URLs).
   */
  readonly allowedOrigins?: readonly string[] | undefined;
}

/** Options for {@link createAuthorizedFetch}. */
export interface AuthorizedFetchOptions extends AuthorizedRequestOptions {
  /**
   * The fetch that sends the requests. Default: `globalThis.fetch`, looked up on every call (so
   * test interceptors installed later are honoured).
   */
  readonly fetch?: FetchLike | undefined;
}
