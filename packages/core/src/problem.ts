/**
 * The problem+json answer (RFC 9457) an HTTP adapter sends for a request that failed for want of a
 * token: one status and text per error code, from one table.
 */
import { isAdumoOAuthError, type AdumoOAuthErrorCode } from './errors';

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
