import axios, { type AxiosInstance, type CreateAxiosDefaults } from 'axios';
import type { TokenManagerOptions, TokenSource } from '@adumo-oauth/core';
import { resolveTokenSource } from '@adumo-oauth/fetch';
import { attachTokenInterceptors } from './attach-token';
import type { AdumoAxiosOptions } from './types';

/**
 * A **new** axios instance for the Adumo API: `baseURL` is the source's base URL (unless `config`
 * sets one) and every request to an allowed origin carries `Authorization: Bearer <token>`, with
 * one resend after a 401 (see {@link attachAdumoToken}). axios's global default instance is never
 * touched.
 *
 * @param source a `TokenManager` (or any `TokenSource`) to share, or `TokenManager` options.
 * @param config axios's own `axios.create()` options (timeout, headers, …).
 * @example
 * const adumo = createAdumoAxios(tokens, { timeout: 10_000 });
 * const { data } = await adumo.post('/products/payments/v1/card/initiate', payment);
 */
export function createAdumoAxios(
  source: TokenSource | TokenManagerOptions,
  config: CreateAxiosDefaults = {},
  options: AdumoAxiosOptions = {},
): AxiosInstance {
  const tokens = resolveTokenSource(source);
  const baseURL = config.baseURL ?? tokens.baseUrl;
  const instance = axios.create(baseURL === undefined ? config : { ...config, baseURL });
  attachTokenInterceptors(instance, tokens, options);
  return instance;
}

/**
 * Add the Adumo token to an existing axios instance (yours, or a shared one) with a request and a
 * response interceptor; returns a function that removes both.
 *
 * - Only requests whose URL's origin is the source's `baseUrl` origin or in
 *   `options.allowedOrigins` (https; http only for loopback) get `Authorization: Bearer <token>`;
 *   every other request passes **untouched** (no token, headers as they were).
 * - The request's `signal` also ends its wait for the token; when no token can be had, the core's
 *   typed error rejects the request and nothing is sent.
 * - A redirect (Node) never carries the token to an origin that is not allowed.
 * - On a 401 from an allowed origin, the token that was sent is invalidated (compare-and-invalidate),
 *   a fresh one obtained and the request sent **once** more if its data is replayable (see
 *   {@link hasReplayableData}); otherwise, or on a second 401, axios's own error reaches you.
 *
 * @example
 * const detach = attachAdumoToken(sharedAxios, tokens);
 */
export function attachAdumoToken(
  instance: AxiosInstance,
  source: TokenSource | TokenManagerOptions,
  options: AdumoAxiosOptions = {},
): () => void {
  return attachTokenInterceptors(instance, source, options);
}

export { hasReplayableData } from './replayable-data';
export type { AdumoAxiosOptions } from './types';

// The core names an axios user needs, so `@adumo-oauth/axios` alone is enough to import from.
export {
  AdumoOAuthError,
  TokenEndpointError,
  TokenManager,
  isAdumoOAuthError,
} from '@adumo-oauth/core';
export { OriginNotAllowedError } from '@adumo-oauth/core/adapter';
export type { AccessTokenLike, TokenManagerOptions, TokenSource } from '@adumo-oauth/core';
