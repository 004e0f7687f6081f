import type { Logger as CoreLogger } from '@adumo-oauth/core';
import { Logger } from '@nestjs/common';

/**
 * The core's logger interface on top of Nest's `Logger` (context `AdumoOAuth` or
 * `AdumoOAuth:<name>`), so messages go through the app's logger (`app.useLogger`) and log levels.
 * Nest has no `info`: it maps to `log`.
 */
export function nestLogger(name: string | undefined): CoreLogger {
  const logger = new Logger(name === undefined ? 'AdumoOAuth' : `AdumoOAuth:${name}`);
  return {
    debug: (message, ...rest) => logger.debug(message, ...rest),
    info: (message, ...rest) => logger.log(message, ...rest),
    log: (message, ...rest) => logger.log(message, ...rest),
    warn: (message, ...rest) => logger.warn(message, ...rest),
    error: (message, ...rest) => logger.error(message, ...rest),
  };
}
