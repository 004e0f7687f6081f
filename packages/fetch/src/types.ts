/**
 * Exactly the call signature of the global `fetch`, so an authorized fetch drops in wherever a
 * `fetch` is accepted (SDK options, `ky`/`ofetch` `fetch` options, your own HTTP helpers).
 */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Options for {@link createAuthorizedFetch}. */
export interface AuthorizedFetchOptions {
  /**
   * The fetch that sends the requests. Default: `globalThis.fetch`, looked up on every call (so
   * test interceptors installed later are honoured).
   */
  readonly fetch?: FetchLike | undefined;
  /**
   * When the API answers 401, invalidate the token that was sent, get a new one and send the
   * request again, once, if its body can be replayed. Default `true`; set `false` for requests
   * that must never be sent twice.
   */
  readonly retryOnUnauthorized?: boolean | undefined;
  /**
   * Origins besides the token source's `baseUrl` origin that may receive the token, e.g.
   * `['https://apiv3.adumoonline.com']`. Each must be `https` (plain `http` only for loopback
   * hosts). A request to any other origin is refused with an `OriginNotAllowedError` and nothing
   * is sent; a redirect to one is not followed. Required when the source has no `baseUrl` (such
   * a fetch then needs absolute URLs: a path is resolved against the `baseUrl` only).
   */
  readonly allowedOrigins?: readonly string[] | undefined;
}
