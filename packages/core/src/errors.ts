import { FIELD_MAX, MESSAGE_MAX, outsideText } from './outside-text';
import { sanitizeCause, type Redactor } from './redact';
import type { OriginNotAllowedError } from './origin-policy';

const BRAND = Symbol.for('@adumo-oauth/core:error');

/**
 * The string `code` of every {@link AdumoOAuthError}:
 * - `config`: invalid options (the constructor, `fromEnv()`, an adapter's options);
 * - `token_endpoint`: the token endpoint answered an HTTP error (a {@link TokenEndpointError});
 * - `network`: the token endpoint could not be reached (DNS, refused, reset, TLS);
 * - `timeout`: an attempt took longer than `timeoutMs`, or no token came in time;
 * - `invalid_response`: a 2xx answer that is not a usable bearer token;
 * - `aborted`: the caller's `AbortSignal` ended its wait (the shared refresh goes on);
 * - `store`: a token store call failed (reported in `storeError` events; callers never get it);
 * - `closed`: `close()` ended the work, and no more calls are taken;
 * - `origin_not_allowed`: an HTTP adapter refused to send the token to an origin;
 * - `invalid_merchant`, `unknown_merchant`, `credentials_unavailable`: a {@link MerchantError}.
 */
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

/** Options of `new AdumoOAuthError(code, message, options)`. */
export interface AdumoOAuthErrorOptions {
  /** The underlying error (kept as the standard `Error.cause`; redacted like the message). */
  readonly cause?: unknown;
  /** Whether retrying the same request may succeed. */
  readonly retryable?: boolean | undefined;
  /** The HTTP status of the token endpoint's answer, when there was one. */
  readonly status?: number | undefined;
}

/**
 * Every error this package throws: one class with a string {@link AdumoOAuthErrorCode} (plus
 * {@link TokenEndpointError} and {@link MerchantError}, which carry more fields). `message` is
 * always redacted (no client secret, no whole token), shows control, bidi and other format
 * characters as `\uXXXX` escapes and is at most 2,048 characters. Use {@link isAdumoOAuthError}
 * rather than `instanceof` when ESM and CommonJS copies of the package may both be loaded.
 *
 * @example
 * try { await tokens.getToken(); }
 * catch (error) { if (isAdumoOAuthError(error, 'network')) retryLater(); else throw error; }
 */
export class AdumoOAuthError extends Error {
  /** Machine-readable reason. */
  readonly code: AdumoOAuthErrorCode;
  /** Whether retrying the same request may succeed. */
  readonly retryable: boolean;
  /** The HTTP status of the token endpoint's answer, when there was one (`invalid_response`, `token_endpoint`). */
  readonly status: number | undefined;

  constructor(code: AdumoOAuthErrorCode, message: string, options: AdumoOAuthErrorOptions = {}) {
    super(
      outsideText(message, { max: MESSAGE_MAX }),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.status = options.status;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** The token endpoint answered with an HTTP error (or a non-2xx, non-OAuth page). */
export class TokenEndpointError extends AdumoOAuthError {
  /** HTTP status of the answer. */
  declare readonly status: number;
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
    super('token_endpoint', message, {
      retryable: details.retryable,
      cause: details.cause,
      status: details.status,
    });
    const field = (text: string | undefined): string | undefined =>
      text === undefined ? undefined : outsideText(text, { max: FIELD_MAX });
    this.error = field(details.error);
    this.errorDescription = field(details.errorDescription);
    this.retryAfterMs = details.retryAfterMs;
    Object.defineProperty(this, 'response', { value: details.response, enumerable: false });
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
 * Whether `value` is an error from this package (with that `code`, when one is given), also
 * across ESM/CommonJS copies (a `Symbol.for` brand, not `instanceof`). Narrows to the class that
 * code comes with, e.g. `isAdumoOAuthError(e, 'token_endpoint')` to a {@link TokenEndpointError}.
 */
export function isAdumoOAuthError<C extends AdumoOAuthErrorCode>(
  value: unknown,
  code: C,
): value is C extends 'token_endpoint'
  ? TokenEndpointError
  : C extends 'invalid_merchant' | 'unknown_merchant' | 'credentials_unavailable'
    ? MerchantError
    : C extends 'origin_not_allowed'
      ? OriginNotAllowedError
      : AdumoOAuthError & {
          /** The code that was checked. */
          readonly code: C;
        };
export function isAdumoOAuthError(value: unknown): value is AdumoOAuthError;
export function isAdumoOAuthError(value: unknown, code?: AdumoOAuthErrorCode): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[BRAND] === true &&
    (code === undefined || (value as { code?: unknown }).code === code)
  );
}

/** Give a class a stable `name` on its prototype (not an own property, survives bundling). */
export function setErrorName(cls: { prototype: Error }, name: string): void {
  Object.defineProperty(cls.prototype, 'name', { value: name, configurable: true, writable: true });
}
setErrorName(AdumoOAuthError, 'AdumoOAuthError');
setErrorName(TokenEndpointError, 'TokenEndpointError');
setErrorName(MerchantError, 'MerchantError');

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
export function callerAborted(signal: AbortSignal, redact: Redactor): AdumoOAuthError {
  return new AdumoOAuthError('aborted', 'getToken() was aborted by the caller', {
    cause: sanitizeCause(signal.reason, redact),
  });
}

/** The error a `getToken()` from inside the manager's own token request gets: it could never succeed. */
export function reentered(): AdumoOAuthError {
  return new AdumoOAuthError(
    'config',
    'getToken() was called from inside the token request itself: the token request went through ' +
      'something that adds a token (an interceptor on the global dispatcher, an authorized fetch ' +
      'given as `fetch`); send the token request without it',
  );
}

/**
 * A `config` error of ours in `error` or its first causes (a fetch wraps what its dispatcher threw,
 * e.g. a {@link reentered} error from an interceptor): a failure no retry can mend.
 */
export function configErrorIn(error: unknown): AdumoOAuthError | undefined {
  let current = error;
  for (let depth = 0; depth < 3 && typeof current === 'object' && current !== null; depth++) {
    if (isAdumoOAuthError(current, 'config')) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
