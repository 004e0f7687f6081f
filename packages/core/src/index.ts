export { TokenManager, fromEnv } from './token-manager';
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
  isAdumoOAuthError,
  type AdumoOAuthErrorCode,
  type AdumoOAuthErrorOptions,
} from './errors';
export { ADUMO_HOSTS, type AdumoEnvironment } from './hosts';
export { tokenProblem, type TokenProblem } from './http-status';
export { OriginNotAllowedError, createOriginPolicy, type OriginPolicy } from './origin-policy';
export { ENV_VARS, optionsFromEnv } from './from-env';
export { REDACTED, redactText, redactToken, redactUrl } from './redact';
export { decodeJwtPayload } from './jwt';
export type {
  ClientAuthMethod,
  CooldownOptions,
  FetchFunction,
  RetryOptions,
  TokenManagerHooks,
  TokenManagerOptions,
  WindowOptions,
} from './options';
export type { TokenHealth, TokenHealthState } from './health';
export type {
  RefreshErrorEvent,
  RequestEvent,
  ResponseEvent,
  RetryEvent,
  StoreErrorEvent,
  TokenEvent,
  TokenManagerEvents,
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
