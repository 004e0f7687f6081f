export type { AdumoContext } from './context';
export { adumoToken, type AdumoTokenMiddleware, type AdumoTokenOptions } from './middleware';
export type { AdumoMerchantRequest, AdumoPoolTokenOptions } from './merchant-source';
export { adumoErrorHandler, type AdumoErrorMiddleware } from './error-handler';
export { getAdumo } from './get-adumo';
export { AdumoHttpError, toHttpError } from './http-error';
export { createAuthorizedFetch, type FetchLike } from '@adumo-oauth/fetch';

// The core names an Express user needs, so `@adumo-oauth/express` alone is enough to import from.
export {
  ADUMO_HOSTS,
  AdumoOAuthError,
  TokenEndpointError,
  MerchantError,
  TokenManager,
  TokenPool,
  isAdumoOAuthError,
} from '@adumo-oauth/core';
export { OriginNotAllowedError } from '@adumo-oauth/core/adapter';
export type {
  AccessTokenLike,
  GetTokenOptions,
  Logger,
  MerchantCredentials,
  MerchantTokenSource,
  TokenManagerOptions,
  TokenPoolOptions,
  TokenSource,
} from '@adumo-oauth/core';
