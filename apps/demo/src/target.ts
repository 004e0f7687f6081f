import {
  ADUMO_HOSTS,
  AdumoOAuthError,
  type AdumoEnvironment,
  type TokenManagerOptions,
} from '@adumo-oauth/core';
import { ENV_VARS, optionsFromEnv } from '@adumo-oauth/core/adapter';
import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';

/** Where the demo sends its token requests and card API calls. */
export interface Target {
  /** `mock`: the embedded mock Adumo; `remote`: the host named by ADUMO_BASE_URL. */
  readonly kind: 'mock' | 'remote';
  /** API host; the card API lives under it and the token endpoint is `baseUrl + '/oauth/token'`. */
  readonly baseUrl: string;
  readonly clientId: string;
  /** Only ever passed to a `TokenManager`; never printed. */
  readonly clientSecret: string;
  /** The running mock (kind `mock` only): faults, stats, clients. */
  readonly mock: MockAdumo | undefined;
  /** One line for the report, e.g. "embedded mock Adumo at http://127.0.0.1:41234". */
  readonly description: string;
  /** Stop what the target started (the mock); idempotent. */
  close(): Promise<void>;
}

const VARS = [ENV_VARS.baseUrl, ENV_VARS.clientId, ENV_VARS.clientSecret] as const;

/**
 * The demo's target from the environment:
 * - none of ADUMO_BASE_URL / ADUMO_CLIENT_ID / ADUMO_CLIENT_SECRET set → start the mock in-process
 *   (127.0.0.1, a free port) with its test client;
 * - all three set → that host (a URL, or `staging` / `production`), through the core's `optionsFromEnv`;
 * - some set → a `config` error naming the missing ones.
 */
export async function resolveTarget(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<Target> {
  const isSet = (name: string): boolean => (env[name]?.trim() ?? '') !== '';
  const set = VARS.filter(isSet);
  if (set.length === 0) return startMockTarget();
  if (set.length < VARS.length) {
    const missing = VARS.filter((name) => !isSet(name));
    throw new AdumoOAuthError(
      'config',
      `${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set but ${missing.join(', ')} ` +
        `${missing.length === 1 ? 'is' : 'are'} not: set all three to use a real Adumo host, ` +
        'or none to run against the embedded mock',
    );
  }
  return remoteTarget(optionsFromEnv({}, env));
}

async function startMockTarget(): Promise<Target> {
  const mock = await startMockAdumo({ port: 0 });
  let closing: Promise<void> | undefined;
  return {
    kind: 'mock',
    baseUrl: mock.baseUrl,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
    mock,
    description: `embedded mock Adumo at ${mock.baseUrl} (no ${ENV_VARS.baseUrl} set)`,
    close: () => (closing ??= mock.close()),
  };
}

function remoteTarget(options: TokenManagerOptions): Target {
  const given = options.baseUrl ?? '';
  const baseUrl = (
    Object.hasOwn(ADUMO_HOSTS, given) ? ADUMO_HOSTS[given as AdumoEnvironment] : given
  ).replace(/\/+$/, '');
  return {
    kind: 'remote',
    baseUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    mock: undefined,
    description: `${baseUrl} (from ${ENV_VARS.baseUrl}), client ${options.clientId}`,
    close: () => Promise.resolve(),
  };
}
