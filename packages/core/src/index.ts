export { TokenManager, fromEnv } from './token-manager';
export { TokenPool } from './token-pool';
export type { MerchantStats, MerchantTokenSource, TokenPoolStats } from './pool/pool-types';
export { AccessToken, type AccessTokenInit } from './access-token';
export { MemoryTokenStore } from './memory-store';
export {
  AbortError,
  AdumoOAuthError,
  ClosedError,
  ConfigError,
  InvalidResponseError,
  NetworkError,
  StoreError,
  TimeoutError,
  TokenEndpointError,
  MerchantError,
  isAdumoOAuthError,
  type AdumoOAuthErrorCode,
  type AdumoOAuthErrorOptions,
} from './errors';
export { ADUMO_HOSTS, type AdumoEnvironment } from './hosts';
export { tokenProblem, type TokenProblem } from './http-status';
export { OriginNotAllowedError, createOriginPolicy, type OriginPolicy } from './origin-policy';
export { ENV_VARS, optionsFromEnv } from './from-env';
export {
  REDACTED,
  createRedactor,
  redactText,
  redactToken,
  redactUrl,
  type Redactor,
} from './redact';
export { outsideText, safeJson, type OutsideTextOptions } from './outside-text';
export { decodeJwtPayload } from './jwt';
export type {
  ClientAuthMethod,
  CooldownOptions,
  CredentialsResolver,
  MerchantCredentials,
  TokenPoolHooks,
  TokenPoolOptions,
  FetchFunction,
  RetryOptions,
  TokenManagerHooks,
  TokenManagerOptions,
  WindowOptions,
} from './options';
export type { TokenHealth, TokenHealthState, TokenPoolHealth } from './health';
export type {
  RefreshErrorEvent,
  RequestEvent,
  ResponseEvent,
  RetryEvent,
  StoreErrorEvent,
  TokenEvent,
  TokenManagerEvents,
  TokenPoolEvents,
} from './events';
export type { TokenManagerStats } from './stats';
export type {
  AccessTokenLike,
  GetTokenOptions,
  Logger,
  StoredToken,
  TokenSource,
  TokenStore,
  TokenStoreLock,
} from './types';
