import { tokenProblem } from '@adumo-oauth/core';

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

  constructor(code: string, options: { status?: number; cause?: unknown } = {}) {
    const problem = tokenProblem(code);
    super(code === 'middleware_missing' ? MIDDLEWARE_MISSING : problem.title, {
      cause: options.cause,
    });
    this.code = code;
    this.status = options.status ?? (code === 'middleware_missing' ? 500 : problem.status);
    this.statusCode = this.status;
  }
}

/** Wrap any token failure into an {@link AdumoHttpError} (an existing one is returned as is). */
export function toHttpError(error: unknown): AdumoHttpError {
  if (error instanceof AdumoHttpError) return error;
  return new AdumoHttpError(tokenProblem(error).code, { cause: error });
}
