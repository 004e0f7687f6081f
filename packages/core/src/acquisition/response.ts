import {
  AccessToken,
  MAX_LIFETIME_MS,
  decodeJwtPayload,
  invalidTokenReason,
  jwtExpiryMs,
  stringArrayClaim,
} from '../access-token';
import { TokenEndpointError, type AdumoOAuthError } from '../errors';
import { outsideText } from '../outside-text';
import { redactedResponse, type Redactor } from '../redact';
import { attemptError, parseRetryAfter, retryable } from '../retry';
import { MAX_BODY_BYTES, MAX_ERROR_BODY_BYTES, type BodyResult } from './body';

/**
 * `value` if it can be read as a fetch `Response` (of any realm: undici's, a polyfill's); else a
 * `TypeError` naming the `fetch` option: a programming error, never retried, never taken for a
 * network problem or a timeout.
 */
export function asResponse(value: unknown): Response {
  const r = value as Partial<Response> | null | undefined;
  if (
    typeof r === 'object' &&
    r !== null &&
    typeof r.status === 'number' &&
    typeof r.headers?.get === 'function' &&
    (r.body === null || typeof r.body?.getReader === 'function')
  )
    return r as Response;
  const got =
    r === null
      ? 'null'
      : typeof r !== 'object'
        ? typeof r
        : 'an object without a numeric status, headers.get() and a readable body';
  throw new TypeError(
    `the fetch option resolved ${got} instead of a Response: it must behave like globalThis.fetch`,
  );
}

/**
 * The `invalid_response` error for a body that could not be read: its failure kind is
 * `too-large` or `truncated`, and `retry.ts` decides which is worth another attempt.
 */
export function bodyError(
  result: Extract<BodyResult, { ok: false }>,
  status: number,
  where: string,
): AdumoOAuthError {
  if (result.reason === 'too-large') {
    return attemptError(
      'too-large',
      `Token endpoint answered ${status} with a body over ${MAX_BODY_BYTES} bytes (${where})`,
      { status },
    );
  }
  return attemptError(
    'truncated',
    `Token endpoint answered ${status} but the body was truncated: the connection closed early (${where})`,
    { status, cause: result.cause },
  );
}

/** Everything needed to turn one HTTP answer into a token or a typed error. */
export interface RawTokenResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly text: string;
  /** The text is only the start of a larger error body (see {@link readBody}). */
  readonly cut?: boolean | undefined;
  /** Epoch ms when the request was sent. */
  readonly sentAt: number;
  /** The clock at parse time (for `Retry-After` dates). */
  readonly now: number;
  /** Token URL with the secret redacted, for messages. */
  readonly safeUrl: string;
  readonly defaultExpiresInMs: number;
  /** Shortest lifetime accepted, ms. */
  readonly minLifetimeMs: number;
  readonly redact: Redactor;
}

function describeBody(text: string, contentType: string): string {
  const start = text.trimStart().slice(0, 64).toLowerCase();
  if (text.trim() === '') return 'an empty body';
  if (
    start.startsWith('<!doctype html') ||
    start.startsWith('<html') ||
    contentType.includes('html')
  ) {
    return `an HTML page (${contentType || 'no content type'})`;
  }
  if (start.startsWith('<') || contentType.includes('xml'))
    return `XML (${contentType || 'no content type'})`;
  return `a non-JSON body (${contentType || 'no content type'})`;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function errorAnswer(raw: RawTokenResponse, contentType: string): TokenEndpointError {
  const { status, redact } = raw;
  const json = raw.cut === true ? undefined : parseJsonObject(raw.text);
  const field = (value: unknown): string | undefined =>
    typeof value === 'string' ? outsideText(value, { redact }) : undefined;
  const error = field(json?.['error']);
  const description = field(json?.['error_description']) ?? field(json?.['message']);
  const what =
    raw.cut === true
      ? `a body over ${MAX_ERROR_BODY_BYTES} bytes (${contentType || 'no content type'})`
      : json === undefined
        ? describeBody(raw.text, contentType)
        : [error, description].filter((s) => s !== undefined).join(': ') ||
          'a JSON body without error';
  return new TokenEndpointError(
    redact(`Token endpoint answered ${status} with ${what} (POST ${raw.safeUrl})`),
    {
      status,
      error,
      errorDescription: description,
      retryAfterMs: parseRetryAfter(raw.headers.get('retry-after'), raw.now),
      retryable: retryable({ status }),
      response: redactedResponse(raw, raw.text, redact),
    },
  );
}

function expiresInMs(
  value: unknown,
  invalid: (why: string) => AdumoOAuthError,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  const seconds =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isFinite(seconds)) throw invalid(`expires_in is not a number (${typeof value})`);
  if (seconds <= 0) throw invalid('expires_in is not positive');
  return seconds * 1000 > MAX_LIFETIME_MS ? undefined : seconds * 1000;
}

/**
 * Turn a token endpoint answer into an {@link AccessToken}, or throw a {@link TokenEndpointError}
 * (non-2xx) or an `invalid_response` {@link AdumoOAuthError} (2xx but unusable). Never throws anything else.
 * Expiry = send time + `expires_in`, capped by the JWT `exp`; without `expires_in` the JWT `exp`,
 * else the configured default.
 */
export function parseTokenResponse(raw: RawTokenResponse): AccessToken {
  const contentType = outsideText((raw.headers.get('content-type') ?? '').toLowerCase(), {
    max: 100,
  });
  if (raw.status < 200 || raw.status > 299) throw errorAnswer(raw, contentType);
  const invalid = (why: string): AdumoOAuthError =>
    attemptError(
      'invalid',
      raw.redact(`Token endpoint answered ${raw.status} but ${why} (POST ${raw.safeUrl})`),
      { status: raw.status },
    );
  const body = parseJsonObject(raw.text);
  if (body === undefined) {
    const what = describeBody(raw.text, contentType);
    throw invalid(
      what.startsWith('a non-JSON')
        ? `the body is not a JSON object (malformed or cut short; ${contentType || 'no content type'})`
        : `the body is ${what}, not JSON`,
    );
  }
  const value = body['access_token'];
  if (typeof value !== 'string' || value.trim() === '')
    throw invalid('the body has no access_token');
  raw.redact.remember(value);
  const bad = invalidTokenReason(value);
  if (bad !== undefined) throw invalid(`the access_token is unusable: ${bad}`);
  const tokenType = body['token_type'];
  if (typeof tokenType !== 'string') throw invalid('the body has no token_type');
  if (tokenType.toLowerCase() !== 'bearer') {
    throw invalid(
      `token_type is "${outsideText(tokenType, { redact: raw.redact, max: 40 })}", only bearer is supported`,
    );
  }
  const lifetime = expiresInMs(body['expires_in'], invalid);
  const claims = decodeJwtPayload(value); // read here, not kept by the token
  // `scope` and `jti` are kept and shown (the token's views escape them): redacted by value here,
  // before the split, so a server that echoes the secret into them never makes us show it.
  const scopeField = body['scope'] ?? claims?.['scope'];
  const scope = stringArrayClaim(
    {
      scope:
        typeof scopeField === 'string'
          ? raw.redact(scopeField)
          : Array.isArray(scopeField)
            ? scopeField.filter((s): s is string => typeof s === 'string').map(raw.redact)
            : undefined,
    },
    'scope',
  );
  const jti = str(body['jti']) ?? jtiClaim(claims);
  const exp = jwtExpiryMs(claims);
  const fromJwt = exp !== undefined && exp - raw.sentAt <= MAX_LIFETIME_MS ? exp : undefined;
  const candidates = [lifetime === undefined ? undefined : raw.sentAt + lifetime, fromJwt].filter(
    (v): v is number => v !== undefined,
  );
  const expiresAt =
    candidates.length > 0 ? Math.min(...candidates) : raw.sentAt + raw.defaultExpiresInMs;
  if (expiresAt <= raw.sentAt)
    throw invalid('the token is already expired (JWT exp is in the past)');
  if (expiresAt - raw.sentAt < raw.minLifetimeMs)
    throw invalid(
      `the token lives ${expiresAt - raw.sentAt} ms, less than the minimum ${raw.minLifetimeMs} ms (minLifetimeSeconds)`,
    );
  if (expiresAt <= raw.now) throw invalid('the token expired before its answer arrived');
  return new AccessToken({
    value,
    issuedAt: raw.sentAt,
    expiresAt,
    scope,
    jti: jti === undefined ? undefined : raw.redact(jti),
  });
}

function jtiClaim(claims: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const jti = claims?.['jti'];
  return typeof jti === 'string' ? jti : undefined;
}
