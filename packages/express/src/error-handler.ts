import type { IncomingMessage, ServerResponse } from 'node:http';
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
 * Answer Adumo token failures (an {@link AdumoHttpError} or any core `AdumoOAuthError`) with the
 * core's RFC 9457 `application/problem+json` answer (`tokenProblem`), as is: `{ type, title, status, detail, code }`. The body holds
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
    const { status, headers, body } = toHttpError(error).problem;
    const text = JSON.stringify(body);
    res.statusCode = status;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.setHeader('content-length', Buffer.byteLength(text));
    res.end(text);
  };
}
