import { Catch, Inject, Optional, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AdumoOAuthError } from '@adumo-oauth/core';
import { tokenProblem } from '@adumo-oauth/core/adapter';

/**
 * Answers a token failure that reaches Nest (a `getToken()` or Adumo fetch that threw in a
 * handler) with the same status and RFC 9457 `application/problem+json` body as the Express
 * `adumoErrorHandler()` — 502 when the gateway refused or answered garbage, 503 when it was
 * unreachable, timed out or the client is shutting down, 500 for configuration — instead of
 * Nest's generic 500. The body holds fixed wording only: never a secret, a token or the
 * endpoint's answer. Other exceptions keep Nest's handling.
 *
 * @example
 * // app.module.ts
 * providers: [{ provide: APP_FILTER, useClass: AdumoOAuthExceptionFilter }]
 * // or: app.useGlobalFilters(new AdumoOAuthExceptionFilter(app.get(HttpAdapterHost)));
 */
@Catch(AdumoOAuthError)
export class AdumoOAuthExceptionFilter implements ExceptionFilter {
  constructor(
    @Optional() @Inject(HttpAdapterHost) private readonly adapterHost?: HttpAdapterHost,
  ) {}

  catch(error: AdumoOAuthError, host: ArgumentsHost): void {
    const { status, headers, body } = tokenProblem(error);
    const response: unknown = host.switchToHttp().getResponse();
    const adapter = this.adapterHost?.httpAdapter;
    if (adapter !== undefined) {
      for (const [name, value] of Object.entries(headers)) adapter.setHeader(response, name, value);
      adapter.reply(response, JSON.stringify(body), status); // a string keeps our type
      return;
    }
    const res = response as {
      status(code: number): { json(body: unknown): void };
      setHeader?(name: string, value: string): void;
    };
    for (const [name, value] of Object.entries(headers)) res.setHeader?.(name, value);
    res.status(status).json(body);
  }
}
