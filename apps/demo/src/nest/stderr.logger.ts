import type { LoggerService } from '@nestjs/common';
import { redactText } from '@adumo-oauth/core/adapter';

/**
 * Nest's logger for the demo: warnings and errors to stderr (redacted, first line only, each
 * distinct message once), the start-up chatter dropped, so stdout carries only the report and
 * `--json` stays valid JSON.
 */
export class StderrLogger implements LoggerService {
  readonly #seen = new Set<string>();

  log(): void {}

  warn(message: unknown, ...context: unknown[]): void {
    this.#write('warn', message, context);
  }

  error(message: unknown, ...context: unknown[]): void {
    this.#write('error', message, context);
  }

  #write(level: string, message: unknown, context: unknown[]): void {
    const where = context.filter((c): c is string => typeof c === 'string').at(-1) ?? 'Nest';
    const text = message instanceof Error ? `${message.name}: ${message.message}` : String(message);
    const line = `[nest ${level}] ${where}: ${redactText(text.split('\n')[0] ?? '')}`;
    if (this.#seen.has(line)) return;
    this.#seen.add(line);
    process.stderr.write(`${line}\n`);
  }
}
