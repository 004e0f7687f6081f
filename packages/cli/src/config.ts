import type { TokenManagerOptions } from '@adumo-oauth/core';
import { optionsFromEnv } from '@adumo-oauth/core/adapter';

/** Connection settings given on the command line (each falls back to its environment variable). */
export interface ConnectionInput {
  /** The API base URL, or `staging` / `production` (default: `ADUMO_BASE_URL`). */
  readonly baseUrl?: string | undefined;
  /** The OAuth client id (default: `ADUMO_CLIENT_ID`). */
  readonly clientId?: string | undefined;
  /** The OAuth client secret (default: `ADUMO_CLIENT_SECRET`); redacted from every report. */
  readonly clientSecret?: string | undefined;
  /** Per-request timeout, ms. */
  readonly timeoutMs?: number | undefined;
}

/**
 * TokenManager options from flags over `ADUMO_BASE_URL` / `ADUMO_CLIENT_ID` /
 * `ADUMO_CLIENT_SECRET`, with one attempt per request (the doctor reports what happened, it does
 * not retry). Throws core's `config` error naming the first missing variable.
 */
export function connectionOptions(
  input: ConnectionInput,
  env: Readonly<Record<string, string | undefined>>,
): TokenManagerOptions {
  const overrides: Partial<TokenManagerOptions> = {
    ...(input.baseUrl === undefined ? {} : { baseUrl: input.baseUrl }),
    ...(input.clientId === undefined ? {} : { clientId: input.clientId }),
    ...(input.clientSecret === undefined ? {} : { clientSecret: input.clientSecret }),
    timeoutMs: input.timeoutMs ?? 10_000,
    deadlineMs: (input.timeoutMs ?? 10_000) + 1_000,
    retry: { maxAttempts: 1 },
  };
  return optionsFromEnv(overrides, env);
}
