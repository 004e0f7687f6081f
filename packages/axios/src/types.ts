/** Options for {@link attachAdumoToken} (and the third argument of {@link createAdumoAxios}). */
export interface AdumoAxiosOptions {
  /**
   * Origins besides the token source's `baseUrl` origin that get the token, e.g.
   * `['https://apiv3.adumoonline.com']`: `https` only (plain `http` only for loopback hosts).
   * Requests to any other origin pass through the instance untouched, without the token.
   * Required when the source has no `baseUrl`.
   */
  readonly allowedOrigins?: readonly string[] | undefined;
  /**
   * After a 401 from an allowed origin, invalidate the token that was sent, get a new one and send
   * the request once more (replayable data only). Default `true`; `false` for requests that must
   * never be sent twice.
   */
  readonly retryOnUnauthorized?: boolean | undefined;
}
