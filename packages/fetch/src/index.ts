import type { TokenManagerOptions, TokenSource } from '@adumo-oauth/core';
import { authorizedFetchFor } from './authorized-fetch';
import { resolveTokenSource } from './resolve-token-source';
import type { AuthorizedFetchOptions, FetchLike } from './types';

/**
 * Create a `fetch` that sends every request with `Authorization: Bearer <token>` from `source`.
 *
 * - `source` is a {@link TokenSource} (e.g. a shared `TokenManager`) or the options to build one.
 * - `input` may be a path starting with `/`, relative to the source's `baseUrl` (a `TokenManager`
 *   and `pool.source(id)` have one): it is appended to the base URL, so a base URL with a path
 *   prefix keeps it (`https://host/api` + `/products/x` → `https://host/api/products/x`), and
 *   `..` never leaves the base URL's origin. Without a `baseUrl` a path is rejected with a
 *   `config` {@link AdumoOAuthError} and nothing is sent. Absolute URLs, `URL` and `Request` objects go as
 *   given.
 * - The caller's `input`, `init`, headers and `Request` are never modified: a copy is sent, and its
 *   `Authorization` header replaces any the caller set.
 * - The request's `signal` (from `init` or the `Request`) ends both the token wait and the request.
 * - The token goes only to Adumo: to the origin of the source's `baseUrl` (a `TokenManager` has
 *   one) or of `options.allowedOrigins`, over https (http only for loopback). Any other URL is
 *   refused with an {@link OriginNotAllowedError} before anything is sent. Redirects are followed
 *   by this fetch, hop by hop, only within those origins; a redirect elsewhere is returned as is.
 * - No token, no request: when the token cannot be had, the core's typed error is thrown and
 *   nothing is sent.
 * - On a 401, the token that was sent is invalidated (compare-and-invalidate), a new one is
 *   obtained and the request is sent once more, if its body is replayable and
 *   `retryOnUnauthorized` is not `false`. Never more than one retry; never for stream bodies.
 *
 * @example
 * const adumoFetch = createAuthorizedFetch(tokens);
 * const res = await adumoFetch('/products/payments/v1/card/initiate', {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify(payment),
 * });
 */
export function createAuthorizedFetch(
  source: TokenSource | TokenManagerOptions,
  options: AuthorizedFetchOptions = {},
): FetchLike {
  return authorizedFetchFor(resolveTokenSource(source), options);
}

export { hasReplayableBody } from './replayable-body';
export { resolveTokenSource } from './resolve-token-source';
export type { AuthorizedFetchOptions, AuthorizedRequestOptions, FetchLike } from './types';

// The core names a fetch user needs, so `@adumo-oauth/fetch` alone is enough to import from.
export {
  ADUMO_HOSTS,
  AdumoOAuthError,
  TokenEndpointError,
  TokenManager,
  isAdumoOAuthError,
} from '@adumo-oauth/core';
export { OriginNotAllowedError } from '@adumo-oauth/core/adapter';
export type {
  AccessTokenLike,
  GetTokenOptions,
  TokenManagerOptions,
  TokenSource,
} from '@adumo-oauth/core';
