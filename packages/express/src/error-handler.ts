import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { isAdumoOAuthError } from '@adumo-oauth/core';
import { AdumoHttpError, toHttpError } from './http-error';

/** An Express-compatible error middleware (four parameters), for Express 4 and 5. */
export type AdumoErrorMiddleware = (
  error: unknown,
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * Answer Adumo token failures (an {@link AdumoHttpError} or any core `AdumoOAuthError`) with a small
 * RFC 9457 `application/problem+json` body: `{ type, title, status, detail, code }`. The body holds
 * fixed wording only: never the client secret, a token or the token endpoint's raw answer. Other
 * errors, and responses already started, are passed on to `next(err)`.
 *
 * @example app.use(adumoErrorHandler());
 */
export function adumoErrorHandler(): AdumoErrorMiddleware {
  return function adumoErrorHandlerMiddleware(error, _req, res, next) {
    if (!(error instanceof AdumoHttpError || isAdumoOAuthError(error)) || res.headersSent) {
      next(error);
      return;
    }
    const problem = toHttpError(error);
    const body = JSON.stringify({
      type: 'about:blank',
      title: STATUS_CODES[problem.status] ?? 'Error',
      status: problem.status,
      detail: problem.message,
      code: problem.code,
    });
    res.statusCode = problem.status;
    res.setHeader('content-type', 'application/problem+json; charset=utf-8');
    res.setHeader('content-length', Buffer.byteLength(body));
    res.setHeader('cache-control', 'no-store');
    res.end(body);
  };
}
