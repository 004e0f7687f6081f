import type { TokenSource } from '@adumo-oauth/core';

/** Options for {@link adumoInterceptor}. */
export interface AdumoInterceptorOptions {
  /**
   * Origins besides the token source's `baseUrl` origin that receive the token, e.g.
   * `['https://apiv3.adumoonline.com']`. Each must be `https` (plain `http` only for loopback
   * hosts). Requests to every other origin pass through untouched. Required when the source has
   * no `baseUrl`.
   */
  readonly allowedOrigins?: readonly string[] | undefined;
  /**
   * When the Adumo API answers 401, invalidate the token that was sent, get a new one and send the
   * request again, once, if its body is replayable (none, a string, a `Buffer` or a `Uint8Array`).
   * Default `true`; set `false` for requests that must never be sent twice.
   */
  readonly retryOnUnauthorized?: boolean | undefined;
}

/** What a merchant selector sees of one request to an Adumo origin. */
export interface MerchantRequest {
  /** The request's origin, e.g. `https://apiv3.adumoonline.com`. */
  readonly origin: string;
  /** The path and query, e.g. `/products/payments/v1/card/initiate`. */
  readonly path: string;
  /** The HTTP method, as given. */
  readonly method: string;
  /** The first value of a request header (name case-insensitive), or `undefined`. */
  header(name: string): string | undefined;
}

/** The part of a `TokenPool` the interceptor uses. */
export interface MerchantTokens {
  /** The API base URL every merchant's token is for. */
  readonly baseUrl: string;
  /** The token source of one merchant. */
  source(merchantId: string): TokenSource;
}

/**
 * Many merchants: the interceptor asks `merchant` which merchant a request to an Adumo origin is
 * for, and sends it with that merchant's token from `pool`.
 */
export interface PoolTokens {
  /** A `TokenPool` (or anything with its `baseUrl` and `source(merchantId)`). */
  readonly pool: MerchantTokens;
  /**
   * The merchant id of a request, or `undefined` when it names none (the request then fails with
   * an `AdumoOAuthError` (`config`), nothing sent). Default: the `x-adumo-merchant` request header
   * ({@link MERCHANT_HEADER}). That header is removed from every request to an Adumo origin
   * before it is sent, whatever the selector.
   */
  readonly merchant?: ((request: MerchantRequest) => string | undefined) | undefined;
}

/** Whose tokens the interceptor attaches: one source (e.g. a `TokenManager`, `pool.source(id)`) or a pool. */
export type InterceptorTokens = TokenSource | PoolTokens;
