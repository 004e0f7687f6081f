/**
 * `@adumo-oauth/core/adapter`: the building blocks our HTTP adapters (fetch, axios, undici,
 * Express, NestJS), the Redis store, the CLI and the OpenTelemetry package share. Applications do
 * not need this entry; it is public so that a third-party adapter can follow the same rules.
 * @packageDocumentation
 */
export { tokenAfterUnauthorized, bearer } from './unauthorized';
export { OriginNotAllowedError, createOriginPolicy, type OriginPolicy } from './origin-policy';
export { setErrorName, type AdumoOAuthErrorOptions } from './errors';
export { ADUMO_OAUTH_ERROR_CODES, problemAnswer, tokenProblem, type TokenProblem } from './problem';
export { importOptionalPeer, missingPeers } from './optional-peer';
export { outsideText, safeJson, type OutsideTextOptions } from './outside-text';
export {
  REDACTED,
  createRedactor,
  redactText,
  redactToken,
  redactUrl,
  type Redactor,
} from './redact';
export { decodeJwtPayload, type AccessTokenInit } from './access-token';
export { backoff, type BackoffOptions } from './retry';
export { ENV_VARS, optionsFromEnv } from './env';
export type { RequestEvent, ResponseEvent, TokenHealthState } from './observe';
export {
  BoundedMap,
  type BoundedMapOptions,
  type CacheEntry,
  type EvictionReason,
} from './bounded-map';
export { readBody, type BodyResult } from './acquisition/body';
