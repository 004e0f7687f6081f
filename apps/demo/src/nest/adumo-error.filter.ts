import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { isAdumoOAuthError } from '@adumo-oauth/nestjs';

/**
 * Token failures as a 502/503 answer instead of Nest's generic 500: the gateway refused or sent
 * garbage → 502; it was unreachable or too slow → 503. Never includes the error's details (they
 * are redacted, but the client does not need them); other errors keep Nest's handling.
 */
@Catch()
export class AdumoErrorFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (error instanceof HttpException) {
      res.status(error.getStatus()).json(error.getResponse());
      return;
    }
    const code = isAdumoOAuthError(error) ? error.code : 'internal';
    const status = ['network', 'timeout', 'store'].includes(code)
      ? 503
      : code === 'internal'
        ? 500
        : 502;
    res.status(status).json({ status, code, detail: 'No access token for the payment gateway' });
  }
}
