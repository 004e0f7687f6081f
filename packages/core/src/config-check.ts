import { AdumoOAuthError } from './errors';
import { variablesOf } from './env';
import { createRedactor, redactUrl } from './redact';

/** Characters a message shows as `\uXXXX` escapes (control, bidi and other format characters). */
const INVISIBLE = /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/** The credentials of the options being checked: their secret is redacted from every value shown. */
interface Credentials {
  readonly clientId?: unknown;
  readonly clientSecret?: unknown;
}

/**
 * Checks one options object and builds every configuration message: the class it names
 * (`TokenManager: …`, `TokenPool: …`), an option under the environment variable it came from
 * (`ADUMO_BASE_URL (baseUrl)`), and a bad value redacted (the options' own secret by value),
 * quoted, escaped and cut to 120 characters. Every failure is a `config` {@link AdumoOAuthError}.
 */
export class OptionCheck {
  readonly #variables: Readonly<Record<string, string>>;
  readonly #secret: Credentials;

  constructor(
    private readonly owner: string,
    options: unknown,
  ) {
    this.#variables = variablesOf(options);
    this.#secret = (options as Credentials | null) ?? {};
  }

  /** An option's name in messages: `ADUMO_BASE_URL (baseUrl)` when it came from the environment. */
  label(name: string): string {
    const variable = this.#variables[name];
    return variable === undefined ? name : `${variable} (${name})`;
  }

  /** A value shown in a message: redacted, quoted, control characters escaped, at most 120 chars. */
  shown(value: unknown): string {
    if (typeof value !== 'string') return value === null ? 'null' : typeof value;
    const { clientId, clientSecret } = this.#secret;
    const safe =
      typeof clientSecret === 'string'
        ? createRedactor([clientSecret], [[String(clientId), clientSecret]])(value)
        : redactUrl(value);
    const cut = safe.length > 120 ? `${safe.slice(0, 120)}…(${safe.length - 120} more)` : safe;
    return JSON.stringify(cut).replace(
      INVISIBLE,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }

  /** Throw the `config` error `<owner>: <message>`. */
  fail(message: string): never {
    throw new AdumoOAuthError('config', `${this.owner}: ${message}`);
  }

  /** A required non-blank string. */
  text(name: string, value: unknown): string {
    if (typeof value !== 'string' || value.trim() === '') {
      const got = typeof value === 'string' ? 'a blank string' : this.shown(value);
      this.fail(`${this.label(name)} must be a non-empty string (got ${got})`);
    }
    return value;
  }

  /** An optional number in `[min, max]`, else `fallback`. */
  num(name: string, value: unknown, fallback: number, min: number, max = Infinity): number {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
      const got = typeof value === 'number' ? String(value) : this.shown(value);
      this.fail(`${name} must be a number between ${min} and ${max} (got ${got})`);
    }
    return value;
  }

  /** An optional function. */
  fn<T>(name: string, value: T | undefined): T | undefined {
    if (value !== undefined && typeof value !== 'function') this.fail(`${name} must be a function`);
    return value;
  }
}
