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

/**
 * The whole RFC 9457 `application/problem+json` answer an HTTP server sends for a request that
 * failed for want of a token: send `status`, `headers` and `JSON.stringify(body)` as they are.
 */
export interface TokenProblem {
  /** HTTP status: 502 when the gateway refused or answered garbage, 503 when unreachable, … */
  readonly status: number;
  /** The response headers: the problem+json type, `no-store`, and `retry-after` (s) when known. */
  readonly headers: {
    /** Always `application/problem+json; charset=utf-8`. */
    readonly 'content-type': 'application/problem+json; charset=utf-8';
    /** Always `no-store`: a failure is not cached. */
    readonly 'cache-control': 'no-store';
    /** Seconds, when the token endpoint sent a `Retry-After`. */
    readonly 'retry-after'?: string;
  };
  /** The body: fixed wording only, never the endpoint's answer, a secret or a token. */
  readonly body: {
    /** Always `about:blank`: the status says it all. */
    readonly type: 'about:blank';
    /** The status's reason phrase (`Bad Gateway`, …). */
    readonly title: string;
    /** The same as the answer's status. */
    readonly status: number;
    /** A fixed sentence saying what failed. */
    readonly detail: string;
    /** The core's error code (`token_endpoint`, `network`, …), an adapter's own code, or `unknown`. */
    readonly code: string;
  };
}

const PROBLEMS: Readonly<Record<AdumoOAuthErrorCode, readonly [number, string]>> = {
  token_endpoint: [502, 'The payment gateway refused to issue an access token'],
  invalid_response: [
    502,
    'The payment gateway answered the token request with an invalid response',
  ],
  network: [503, 'The payment gateway token endpoint is unreachable'],
  timeout: [503, 'The payment gateway token endpoint timed out'],
  store: [503, 'The shared token store is unavailable'],
  closed: [503, 'The Adumo OAuth client is shutting down'],
  aborted: [499, 'The client closed the request before a token was obtained'],
  config: [500, 'The Adumo OAuth client is misconfigured'],
  origin_not_allowed: [500, 'The Adumo token may not be sent to that origin'],
  invalid_merchant: [400, 'The merchant id is missing or invalid'],
  unknown_merchant: [404, 'No payment gateway credentials are configured for this merchant'],
  credentials_unavailable: [503, "The merchant's payment gateway credentials could not be loaded"],
};

/**
 * Every {@link AdumoOAuthErrorCode} at run time, read from the problem table (which the compiler
 * holds to exactly the type's codes): OpenTelemetry's bounded `error.type` uses it, no other list.
 */
export const ADUMO_OAUTH_ERROR_CODES: readonly AdumoOAuthErrorCode[] =
  /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.keys(PROBLEMS) as AdumoOAuthErrorCode[]);

/** Reason phrases of the statuses a problem may have (no `node:http` in the core). */
const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  404: 'Not Found',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/**
 * A problem+json answer for an adapter's own problem beside the core's codes (e.g. Express's
 * `middleware_missing`): `code` and `detail` must be the adapter's fixed wording, never outside text.
 */
export function problemAnswer(
  code: string,
  status: number,
  detail: string,
  retryAfterMs?: number,
): TokenProblem {
  const seconds =
    retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0
      ? String(Math.ceil(retryAfterMs / 1000))
      : undefined;
  return {
    status,
    headers: {
      'content-type': 'application/problem+json; charset=utf-8',
      'cache-control': 'no-store',
      ...(seconds === undefined ? {} : { 'retry-after': seconds }),
    },
    body: { type: 'about:blank', title: REASONS[status] ?? 'Error', status, detail, code },
  };
}

/**
 * The one error → problem+json answer, sent as is by the Express error handler and the NestJS
 * exception filter, so both frameworks answer the same for the same error. Give an error or an
 * error `code`; anything that is not an `AdumoOAuthError` (or a known code) is a 500 `unknown`.
 * A `Retry-After` the token endpoint sent is passed on.
 */
export function tokenProblem(error: unknown): TokenProblem {
  const given: unknown =
    typeof error === 'string' ? error : isAdumoOAuthError(error) ? error.code : 'unknown';
  // Only a known code is repeated (an answer's `code` comes from a fixed set, never from outside).
  const code =
    typeof given === 'string' && Object.hasOwn(PROBLEMS, given)
      ? (given as AdumoOAuthErrorCode)
      : undefined;
  const [status, detail] =
    code === undefined ? [500, 'No access token could be obtained'] : PROBLEMS[code];
  const retryAfterMs = isAdumoOAuthError(error, 'token_endpoint') ? error.retryAfterMs : undefined;
  return problemAnswer(code ?? 'unknown', status, detail, retryAfterMs);
}
