/**
 * `@adumo-oauth/core`: gets, caches and refreshes OAuth 2.0 client-credentials tokens for the
 * Adumo Online API. What applications and token store authors use; the building blocks our HTTP
 * adapters, CLI and telemetry share are on `@adumo-oauth/core/adapter`.
 * @packageDocumentation
 */
export { TokenManager } from './token-manager';
export { TokenPool } from './token-pool';
export { AccessToken } from './access-token';
export { MemoryTokenStore } from './memory-store';
export {
  AdumoOAuthError,
  TokenEndpointError,
  MerchantError,
  isAdumoOAuthError,
  type AdumoOAuthErrorCode,
} from './errors';
export { ADUMO_HOSTS, type AdumoEnvironment } from './env';
export type {
  ClientAuthMethod,
  CooldownOptions,
  CredentialsResolver,
  FetchFunction,
  MerchantCredentials,
  RetryOptions,
  TokenManagerOptions,
  TokenPoolOptions,
  WindowOptions,
} from './options';
export type {
  MerchantStats,
  TokenHealth,
  TokenManagerEvents,
  TokenManagerStats,
  TokenPoolEvents,
  TokenPoolHealth,
  TokenPoolStats,
} from './observe';
export type {
  AccessTokenLike,
  GetTokenOptions,
  Logger,
  MerchantTokenSource,
  StoredToken,
  TokenSource,
  TokenStore,
  TokenStoreLock,
} from './types';
