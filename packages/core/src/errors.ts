import { FIELD_MAX, MESSAGE_MAX, outsideText } from './outside-text';
import { sanitizeCause, type Redactor } from './redact';

const BRAND = Symbol.for('@adumo-oauth/core:error');

/** The string `code` of every {@link AdumoOAuthError}. */
export type AdumoOAuthErrorCode =
  | 'config'
  | 'token_endpoint'
  | 'network'
  | 'timeout'
  | 'invalid_response'
  | 'aborted'
  | 'store'
  | 'closed'
  | 'origin_not_allowed'
  | 'invalid_merchant'
  | 'unknown_merchant'
  | 'credentials_unavailable';

/** Options accepted by every error constructor. */
export interface AdumoOAuthErrorOptions {
  /** The underlying error (kept as the standard `Error.cause`; redacted like the message). */
  readonly cause?: unknown;
  /** Whether retrying the same request may succeed. */
  readonly retryable?: boolean;
}

/**
 * Base class of every error this package throws. `message` is always redacted (no client secret,
 * no whole token), shows control, bidi and other format characters as `\uXXXX` escapes and is at
 * most 2,048 characters (see `outsideText`). Use {@link isAdumoOAuthError} rather than `instanceof` when ESM and CommonJS
 * copies of the package may both be loaded.
 */
export class AdumoOAuthError extends Error {
  /** Machine-readable reason. */
  readonly code: AdumoOAuthErrorCode;
  /** Whether retrying the same request may succeed. */
  readonly retryable: boolean;

  constructor(code: AdumoOAuthErrorCode, message: string, options: AdumoOAuthErrorOptions = {}) {
    super(
      outsideText(message, { max: MESSAGE_MAX }),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.retryable = options.retryable ?? false;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** The token endpoint answered with an HTTP error (or a non-2xx, non-OAuth page). */
export class TokenEndpointError extends AdumoOAuthError {
  /** HTTP status of the answer. */
  readonly status: number;
  /**
   * The OAuth `error` field (e.g. `invalid_client`), when the body had one: redacted, escaped and
   * at most 512 characters, like every text that came from outside.
   */
  readonly error: string | undefined;
  /** The OAuth `error_description` field, when the body had one (redacted, escaped, ≤ 512). */
  readonly errorDescription: string | undefined;
  /** `Retry-After` in ms, when the endpoint sent one. */
  readonly retryAfterMs: number | undefined;
  /**
   * A copy of the endpoint's response (status, headers, redacted body text; no URL). Non-enumerable,
   * so it is not serialised or printed with the error.
   */
  declare readonly response: Response | undefined;

  constructor(
    message: string,
    details: {
      status: number;
      error?: string | undefined;
      errorDescription?: string | undefined;
      retryAfterMs?: number | undefined;
      response?: Response | undefined;
      retryable: boolean;
      cause?: unknown;
    },
  ) {
    super('token_endpoint', message, { retryable: details.retryable, cause: details.cause });
    this.status = details.status;
    const field = (text: string | undefined): string | undefined =>
      text === undefined ? undefined : outsideText(text, { max: FIELD_MAX });
    this.error = field(details.error);
    this.errorDescription = field(details.errorDescription);
    this.retryAfterMs = details.retryAfterMs;
    Object.defineProperty(this, 'response', { value: details.response, enumerable: false });
  }
}

/** Invalid options (thrown by the constructor and `fromEnv()`). */
export class ConfigError extends AdumoOAuthError {
  constructor(message: string, options: AdumoOAuthErrorOptions = {}) {
    super('config', message, options);
  }
}

/** The token endpoint could not be reached (DNS, refused, reset, TLS); retried by the manager. */
export class NetworkError extends AdumoOAuthError {
  constructor(message: string, options: AdumoOAuthErrorOptions = {}) {
    super('network', message, options);
  }
}

/** A token request attempt took longer than the per-attempt timeout; retried by the manager. */
export class TimeoutError extends AdumoOAuthError {
  constructor(message: string, options: AdumoOAuthErrorOptions = {}) {
    super('timeout', message, options);
  }
}

/** The token endpoint answered 2xx with something that is not a usable bearer token. */
export class InvalidResponseError extends AdumoOAuthError {
  /** HTTP status of the answer. */
  readonly status: number | undefined;
  constructor(message: string, options: AdumoOAuthErrorOptions & { status?: number } = {}) {
    super('invalid_response', message, options);
    this.status = options.status;
  }
}

/** The caller's `AbortSignal` ended its wait. The shared refresh goes on. */
export class AbortError extends AdumoOAuthError {
  constructor(
    message = 'getToken() was aborted by the caller',
    options: AdumoOAuthErrorOptions = {},
  ) {
    super('aborted', message, options);
  }
}

/** A token store call failed. Reported in `storeError` events; callers never receive it. */
export class StoreError extends AdumoOAuthError {
  constructor(message: string, options: AdumoOAuthErrorOptions = {}) {
    super('store', message, options);
  }
}

/** The manager was closed: `close()` ended its work, and it takes no more calls. */
export class ClosedError extends AdumoOAuthError {
  constructor(message = 'the TokenManager is closed', options: AdumoOAuthErrorOptions = {}) {
    super('closed', message, options);
  }
}

/**
 * A `TokenPool` could not serve one merchant (every other merchant is unaffected):
 * `invalid_merchant` (the id is missing, not a string, too long or holds control characters),
 * `unknown_merchant` (the credentials resolver returned nothing), `credentials_unavailable` (the
 * resolver threw, timed out or returned something that is not `{ clientId, clientSecret }`).
 */
export class MerchantError extends AdumoOAuthError {
  /** The merchant id, when it was a valid one. */
  readonly merchantId: string | undefined;
  constructor(
    code: 'invalid_merchant' | 'unknown_merchant' | 'credentials_unavailable',
    message: string,
    options: AdumoOAuthErrorOptions & { merchantId?: string | undefined } = {},
  ) {
    super(code, message, options);
    this.merchantId = options.merchantId;
  }
}

/**
 * Whether `value` is an error from this package, also across ESM/CommonJS copies (a
 * `Symbol.for` brand, not `instanceof`).
 */
export function isAdumoOAuthError(value: unknown): value is AdumoOAuthError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[BRAND] === true
  );
}

/** Give each class a stable `name` on its prototype (not an own property, survives bundling). */
function setName(cls: { prototype: Error }, name: string): void {
  Object.defineProperty(cls.prototype, 'name', { value: name, configurable: true, writable: true });
}
setName(AdumoOAuthError, 'AdumoOAuthError');
setName(TokenEndpointError, 'TokenEndpointError');
setName(ConfigError, 'ConfigError');
setName(NetworkError, 'NetworkError');
setName(TimeoutError, 'TimeoutError');
setName(InvalidResponseError, 'InvalidResponseError');
setName(AbortError, 'AbortError');
setName(StoreError, 'StoreError');
setName(ClosedError, 'ClosedError');
setName(MerchantError, 'MerchantError');

/**
 * `error` if it is ours; anything else is a programming error (ours or a hook's) and stays one:
 * a redacted copy of it, never disguised as a network failure.
 */
export function asAdumoError(error: unknown, redact: Redactor): AdumoOAuthError | Error {
  if (isAdumoOAuthError(error)) return error;
  const copy = sanitizeCause(error, redact);
  return copy instanceof Error ? copy : new Error(redact(String(copy)));
}

/** The error a caller gets when its own `signal` aborts (the signal's reason as `cause`). */
export function callerAborted(signal: AbortSignal, redact: Redactor): AbortError {
  return new AbortError('getToken() was aborted by the caller', {
    cause: sanitizeCause(signal.reason, redact),
  });
}
