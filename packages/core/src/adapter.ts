/**
 * `@adumo-oauth/core/adapter`: the building blocks our HTTP adapters (fetch, axios, undici,
 * Express, NestJS), the CLI and the OpenTelemetry package share. Applications do not need this
 * entry; it is public so that a third-party adapter can follow the same rules.
 * @packageDocumentation
 */
export { tokenAfterUnauthorized, bearer } from './unauthorized';
export { OriginNotAllowedError, createOriginPolicy, type OriginPolicy } from './origin-policy';
export { tokenProblem, type TokenProblem } from './http-status';
export { outsideText, safeJson, type OutsideTextOptions } from './outside-text';
export {
  REDACTED,
  createRedactor,
  redactText,
  redactToken,
  redactUrl,
  type Redactor,
} from './redact';
export { decodeJwtPayload } from './jwt';
export { backoff, type BackoffOptions } from './retry';
export { ENV_VARS, optionsFromEnv } from './from-env';
export {
  MerchantCache,
  type CacheEntry,
  type EvictionReason,
  type MerchantCacheOptions,
} from './pool/merchant-cache';
