import { MESSAGE_MAX, outsideText } from './outside-text';
import type { Redactor } from './redact';
import type { Logger } from './types';

/**
 * Wraps the user's {@link Logger}: every line redacted, escaped and capped (`outsideText`: one
 * line, never a forged second one), prefixed, missing levels fall back
 * (`info` → `log`, `error` → `warn` → `log`), and a throwing logger never breaks the manager.
 */
export class SafeLogger {
  constructor(
    private readonly logger: Logger | undefined,
    private readonly redact: Redactor,
    /** Written after `[adumo-oauth] `, e.g. `merchant m-1: ` in a pool. */
    private readonly prefix = '',
  ) {}

  debug(message: string): void {
    this.#write(['debug'], message);
  }
  info(message: string): void {
    this.#write(['info', 'log'], message);
  }
  warn(message: string): void {
    this.#write(['warn', 'log'], message);
  }
  error(message: string): void {
    this.#write(['error', 'warn', 'log'], message);
  }

  #write(levels: readonly (keyof Logger)[], message: string): void {
    const logger = this.logger;
    if (logger === undefined) return;
    for (const level of levels) {
      if (typeof logger[level] !== 'function') continue;
      try {
        const line = outsideText(`${this.prefix}${message}`, {
          redact: this.redact,
          max: MESSAGE_MAX,
        });
        logger[level](`[adumo-oauth] ${line}`);
      } catch {
        // a broken logger must not break token handling
      }
      return;
    }
  }
}
