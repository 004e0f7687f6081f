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

/**
 * Options from `ADUMO_BASE_URL` (a URL, or `staging` / `production`), `ADUMO_CLIENT_ID` and
 * `ADUMO_CLIENT_SECRET`, with `overrides` on top. Throws a {@link ConfigError} naming the first
 * missing variable.
 */
export function optionsFromEnv(
  overrides: Partial<TokenManagerOptions> = {},
  env: Readonly<Record<string, string | undefined>> = platformEnv(),
): TokenManagerOptions {
  const read = (name: string, given: string | undefined): string => {
    if (given !== undefined) return given;
    const value = env[name]?.trim();
    if (value === undefined || value === '') {
      throw new ConfigError(`TokenManager.fromEnv: environment variable ${name} is not set`);
    }
    return value;
  };
  const hasUrl = overrides.baseUrl !== undefined || overrides.tokenUrl !== undefined;
  const base = hasUrl ? overrides.baseUrl : read(ENV_VARS.baseUrl, undefined);
  return {
    ...overrides,
    ...(base === undefined ? {} : { baseUrl: base }),
    clientId: read(ENV_VARS.clientId, overrides.clientId),
    clientSecret: read(ENV_VARS.clientSecret, overrides.clientSecret),
  };
}

/** The platform's environment (`process.env` on Node, Bun and Deno with Node compatibility), or none. */
function platformEnv(): Readonly<Record<string, string | undefined>> {
  const host = globalThis as { process?: { env?: Record<string, string | undefined> } };
  return host.process?.env ?? {};
}
