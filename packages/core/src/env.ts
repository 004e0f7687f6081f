import { AdumoOAuthError } from './errors';
import type { TokenManagerOptions } from './options';

/** Adumo Online's API hosts (token endpoint at `<host>/oauth/token`). */
export const ADUMO_HOSTS = Object.freeze({
  /** Test/QA environment. */
  staging: 'https://staging-apiv3.adumoonline.com',
  /** Live environment. */
  production: 'https://apiv3.adumoonline.com',
} as const);

/** Name of an {@link ADUMO_HOSTS} preset. */
export type AdumoEnvironment = keyof typeof ADUMO_HOSTS;

/** Whether `hostname` (from a `URL`) is loopback: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  if (host.startsWith('::ffff:')) return isLoopbackHost(host.slice(7));
  const parts = host.split('.');
  return (
    parts.length === 4 &&
    parts[0] === '127' &&
    parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)
  );
}

/** Adumo's token endpoint path under the API base URL. */
const TOKEN_PATH = '/oauth/token';

/** `staging` / `production` name an {@link ADUMO_HOSTS} preset; anything else is a URL. */
export function presetOrUrl(base: string): string {
  return Object.hasOwn(ADUMO_HOSTS, base) ? ADUMO_HOSTS[base as AdumoEnvironment] : base;
}

/** The token URL under an API base URL (trailing slashes dropped). */
export function tokenUrlOf(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${TOKEN_PATH}`;
}

/**
 * The API base URL of a token URL (no trailing slash): the token URL without `/oauth/token`, or
 * its origin. Adapters send the token only to this URL's origin.
 */
export function apiBaseUrl(tokenUrl: string): string {
  return tokenUrl.endsWith(TOKEN_PATH)
    ? tokenUrl.slice(0, -TOKEN_PATH.length)
    : new URL(tokenUrl).origin;
}

/**
 * Marks options made by `optionsFromEnv()`: option name → the environment variable it came from,
 * so a bad value is reported under the name the user set (`ADUMO_BASE_URL`, not `baseUrl`).
 * Enumerable, so it survives `{ ...options, logger }`.
 */
export const FROM_ENV: unique symbol = Symbol.for('adumo-oauth.fromEnv');

/** The environment variable each option came from, when `options` were made by `optionsFromEnv()`. */
export function variablesOf(options: unknown): Readonly<Record<string, string>> {
  return (options as { [FROM_ENV]?: Record<string, string> } | null)?.[FROM_ENV] ?? {};
}

/** The environment variables `TokenManager.fromEnv()` reads. */
export const ENV_VARS = Object.freeze({
  /** The API base URL, or `staging` / `production` (see {@link ADUMO_HOSTS}). */
  baseUrl: 'ADUMO_BASE_URL',
  /** The OAuth client id Adumo issued. */
  clientId: 'ADUMO_CLIENT_ID',
  /** The OAuth client secret Adumo issued. */
  clientSecret: 'ADUMO_CLIENT_SECRET',
} as const);

/** What each variable takes, for the message that names the missing ones. */
const ACCEPTED: Readonly<Record<string, string>> = {
  [ENV_VARS.baseUrl]: "'staging', 'production' or an https URL",
  [ENV_VARS.clientId]: 'your Adumo client id',
  [ENV_VARS.clientSecret]: 'your Adumo client secret',
};

/**
 * Options from `ADUMO_BASE_URL` (a URL, or `staging` / `production`), `ADUMO_CLIENT_ID` and
 * `ADUMO_CLIENT_SECRET`, with `overrides` on top. Throws one `config` error naming every
 * missing variable and what it takes; a bad value is reported later, by the constructor, under
 * the variable's name.
 */
export function optionsFromEnv(
  overrides: Partial<TokenManagerOptions> = {},
  env: Readonly<Record<string, string | undefined>> = platformEnv(),
): TokenManagerOptions {
  const missing: string[] = [];
  const names: Record<string, string> = {};
  const read = (option: keyof typeof ENV_VARS, given: string | undefined): string => {
    if (given !== undefined) return given;
    const name = ENV_VARS[option];
    const value = env[name]?.trim();
    if (value === undefined || value === '') missing.push(name);
    else names[option] = name;
    return value ?? '';
  };
  const hasUrl = overrides.baseUrl !== undefined || overrides.tokenUrl !== undefined;
  const base = hasUrl ? overrides.baseUrl : read('baseUrl', undefined);
  const clientId = read('clientId', overrides.clientId);
  const clientSecret = read('clientSecret', overrides.clientSecret);
  if (missing.length > 0) {
    const list =
      missing.length === 1
        ? `environment variable ${missing[0]} is not set`
        : `environment variables ${missing.slice(0, -1).join(', ')} and ${missing.at(-1)} are not set`;
    const forms = missing.map((name) => `${name}: ${ACCEPTED[name]}`).join('; ');
    throw new AdumoOAuthError('config', `TokenManager.fromEnv: ${list} (${forms})`);
  }
  return {
    ...overrides,
    ...(base === undefined ? {} : { baseUrl: base }),
    clientId,
    clientSecret,
    [FROM_ENV]: names,
  } as TokenManagerOptions;
}

/** The platform's environment (`process.env` on Node, Bun and Deno with Node compatibility), or none. */
function platformEnv(): Readonly<Record<string, string | undefined>> {
  const host = globalThis as { process?: { env?: Record<string, string | undefined> } };
  return host.process?.env ?? {};
}
