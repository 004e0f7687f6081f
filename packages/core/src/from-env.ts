import { FROM_ENV } from './config';
import { ConfigError } from './errors';
import type { TokenManagerOptions } from './options';

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
 * `ADUMO_CLIENT_SECRET`, with `overrides` on top. Throws one {@link ConfigError} naming every
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
    throw new ConfigError(`TokenManager.fromEnv: ${list} (${forms})`);
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
