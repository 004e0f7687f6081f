import { isAdumoOAuthError } from '@adumo-oauth/core';
import { problemAnswer, tokenProblem, type TokenProblem } from '@adumo-oauth/core/adapter';

/** The middleware's own problem, beside the core's map. */
const MIDDLEWARE_MISSING = 'The adumoToken() middleware is not mounted on this route';

/**
 * The error `adumoToken()` passes to `next(err)` (and `req.adumo.getToken()` rejects with): the
 * core's error as `cause`, with `status`/`statusCode` for Express error handlers (502 when the
 * token endpoint refused or answered garbage, 503 when it was unreachable or timed out, 500 for
 * configuration problems). `message` is a fixed sentence; `expose` is `false`.
 */
export class AdumoHttpError extends Error {
  /** Always `'AdumoHttpError'`. */
  override readonly name = 'AdumoHttpError';
  /** The core's error code (`token_endpoint`, `network`, …), `middleware_missing` or `unknown`. */
  readonly code: string;
  /** HTTP status to answer with. */
  readonly status: number;
  /** Same as {@link AdumoHttpError.status}, for handlers that read `statusCode`. */
  readonly statusCode: number;
  /** `http-errors` convention: the message is not meant for clients (5xx). */
  readonly expose = false;
  /** The whole problem+json answer `adumoErrorHandler()` sends (from the core's `tokenProblem`). */
  declare readonly problem: TokenProblem;

  constructor(code: string, options: { status?: number; cause?: unknown } = {}) {
    const known =
      code === 'middleware_missing'
        ? problemAnswer(code, 500, MIDDLEWARE_MISSING)
        : tokenProblem(
            isAdumoOAuthError(options.cause) && options.cause.code === code ? options.cause : code,
          );
    const problem =
      options.status === undefined || options.status === known.status
        ? known
        : problemAnswer(known.body.code, options.status, known.body.detail);
    super(problem.body.detail, { cause: options.cause });
    this.code = code;
    this.status = problem.status;
    this.statusCode = this.status;
    Object.defineProperty(this, 'problem', { value: problem, enumerable: false });
  }
}

/** Wrap any token failure into an {@link AdumoHttpError} (an existing one is returned as is). */
export function toHttpError(error: unknown): AdumoHttpError {
  if (error instanceof AdumoHttpError) return error;
  return new AdumoHttpError(tokenProblem(error).body.code, { cause: error });
}
