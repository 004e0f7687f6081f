import { isAdumoOAuthError } from '@adumo-oauth/core';

/** HTTP status for each core error code: the token endpoint's failure is our upstream's failure. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  token_endpoint: 502,
  invalid_response: 502,
  network: 503,
  timeout: 503,
  store: 503,
  aborted: 499,
  closed: 503,
  config: 500,
};

/** Fixed, safe wording per code: never the endpoint's raw answer, a secret or a token. */
const TITLE_BY_CODE: Readonly<Record<string, string>> = {
  token_endpoint: 'The payment gateway refused to issue an access token',
  invalid_response: 'The payment gateway answered the token request with an invalid response',
  network: 'The payment gateway token endpoint is unreachable',
  timeout: 'The payment gateway token endpoint timed out',
  store: 'The shared token store is unavailable',
  aborted: 'The client closed the request before a token was obtained',
  config: 'The Adumo OAuth client is misconfigured',
  closed: 'The Adumo OAuth client is shutting down',
  middleware_missing: 'The adumoToken() middleware is not mounted on this route',
};

/**
 * The error `adumoToken()` passes to `next(err)` (and `req.adumo.getToken()` rejects with): the
 * core's error as `cause`, with `status`/`statusCode` for Express error handlers (502 when the
 * token endpoint refused or answered garbage, 503 when it was unreachable or timed out, 500 for
 * configuration problems). `message` is a fixed sentence; `expose` is `false`.
 */
export class AdumoHttpError extends Error {
  override readonly name = 'AdumoHttpError';
  /** The core's error code (`token_endpoint`, `network`, …), `middleware_missing` or `unknown`. */
  readonly code: string;
  /** HTTP status to answer with. */
  readonly status: number;
  /** Same as {@link AdumoHttpError.status}, for handlers that read `statusCode`. */
  readonly statusCode: number;
  /** `http-errors` convention: the message is not meant for clients (5xx). */
  readonly expose = false;

  constructor(code: string, options: { status?: number; cause?: unknown } = {}) {
    super(TITLE_BY_CODE[code] ?? 'No access token could be obtained', { cause: options.cause });
    this.code = code;
    this.status = options.status ?? STATUS_BY_CODE[code] ?? 500;
    this.statusCode = this.status;
  }
}

/** Wrap any token failure into an {@link AdumoHttpError} (an existing one is returned as is). */
export function toHttpError(error: unknown): AdumoHttpError {
  if (error instanceof AdumoHttpError) return error;
  const code = isAdumoOAuthError(error) ? error.code : 'unknown';
  return new AdumoHttpError(code, { cause: error });
}
