export { AdumoOAuthModule } from './adumo-oauth.module';
export {
  ADUMO_FETCH,
  ADUMO_HTTP,
  getAdumoFetchToken,
  getAdumoHttpToken,
  getTokenManagerToken,
} from './adumo-oauth.constants';
export { InjectAdumoFetch, InjectAdumoHttp, InjectTokenManager } from './adumo-oauth.decorators';
export { AdumoOAuthExceptionFilter } from './adumo-oauth.filter';
export {
  AdumoOAuthHealthIndicator,
  type AdumoOAuthHealthOptions,
  type AdumoOAuthHealthResult,
} from './adumo-oauth.health';
export { AdumoMerchants } from './adumo-oauth.merchants';
export {
  InjectAdumoMerchants,
  InjectTokenPool,
  getAdumoMerchantsToken,
  getTokenPoolToken,
} from './adumo-oauth-pool.decorators';
export type { AdumoOAuthPoolOptions } from './adumo-oauth.pool';
export type {
  AdumoOAuthExistingOptions,
  AdumoOAuthFetchOptions,
  AdumoOAuthManagedOptions,
  AdumoOAuthModuleExtras,
  AdumoOAuthModuleAsyncOptions,
  AdumoOAuthModuleOptions,
  AdumoOAuthOptionsFactory,
  AdumoOAuthRootOptions,
} from './adumo-oauth.options';

// The fetch adapter and the core's public surface, so this package alone is enough to import from.
export { createAuthorizedFetch, type FetchLike } from '@adumo-oauth/fetch';
export {
  ADUMO_HOSTS,
  AccessToken,
  AdumoOAuthError,
  MemoryTokenStore,
  MerchantError,
  TokenEndpointError,
  TokenManager,
  TokenPool,
  isAdumoOAuthError,
} from '@adumo-oauth/core';
export type {
  AccessTokenLike,
  AdumoOAuthErrorCode,
  GetTokenOptions,
  Logger,
  MerchantCredentials,
  MerchantTokenSource,
  StoredToken,
  TokenManagerOptions,
  TokenHealth,
  TokenManagerStats,
  TokenPoolOptions,
  TokenPoolStats,
  TokenSource,
  TokenStore,
  TokenStoreLock,
} from '@adumo-oauth/core';
export { optionsFromEnv } from '@adumo-oauth/core/adapter';
export type { TokenHealthState } from '@adumo-oauth/core/adapter';
