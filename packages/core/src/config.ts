import { ConfigError } from './errors';
import { ADUMO_HOSTS, isLoopbackHost, type AdumoEnvironment } from './hosts';
import type { AcquisitionOptions } from './acquisition/acquisition-source';
import type { RequestIdentity } from './acquisition/request';
import type { FetchFunction, TokenManagerOptions, TokenPoolOptions } from './options';
import type { RefreshOptions } from './refreshing-source';
import { TEST_HOOKS, type TestHooks } from './timers';
import { createRedactor, redactUrl } from './redact';
import type { Logger, TokenStore } from './types';

/** Options after validation and defaults, split by the layer that uses them; no credentials. */
export interface BaseConfig {
  /** The request identity but the credentials: the same for every merchant of a pool. */
  readonly request: Omit<RequestIdentity, 'clientId' | 'clientSecret'>;
  readonly acquisition: AcquisitionOptions;
  readonly refresh: RefreshOptions;
  /** The shared store and its settings, when there is one. */
  readonly shared:
    | {
        readonly store: TokenStore;
        readonly lockTtlMs: number;
        readonly timeoutMs: number;
        readonly encrypt: boolean;
      }
    | undefined;
  readonly now: () => number;
  readonly logger: Logger | undefined;
  readonly sleep: ((ms: number) => Promise<void>) | undefined;
}

/** A manager's options after validation. Holds the secret; never printed. */
export interface ResolvedConfig extends BaseConfig {
  readonly identity: RequestIdentity;
}

/** Names the class in configuration messages (`TokenManager: …`, `TokenPool: …`). */
let owner = 'TokenManager';
/** Options that came from environment variables, named after the variable in messages. */
let fromVariables: Readonly<Record<string, string>> = {};
/** The options being checked: their secret is redacted by value from any value a message shows. */
let checking: { readonly clientId?: unknown; readonly clientSecret?: unknown } = {};

/**
 * Marks options made by `optionsFromEnv()`: option name → the environment variable it came from,
 * so a bad value is reported under the name the user set (`ADUMO_BASE_URL`, not `baseUrl`).
 * Enumerable, so it survives `{ ...options, logger }`.
 */
export const FROM_ENV: unique symbol = Symbol.for('adumo-oauth.fromEnv');

/** What `baseUrl` accepts, for messages. */
const BASE_URL_FORMS =
  "expected 'staging', 'production' or an https URL such as https://apiv3.adumoonline.com (plain http only for loopback hosts)";

/** An option's name in messages: `ADUMO_BASE_URL (baseUrl)` when it came from the environment. */
function label(name: string): string {
  const variable = fromVariables[name];
  return variable === undefined ? name : `${variable} (${name})`;
}

/** A value shown in a message: redacted, quoted, control characters escaped, at most 120 chars. */
function shown(value: unknown): string {
  if (typeof value !== 'string') return value === null ? 'null' : typeof value;
  const { clientId, clientSecret } = checking;
  const safe =
    typeof clientSecret === 'string'
      ? createRedactor([clientSecret], [[String(clientId), clientSecret]])(value)
      : redactUrl(value);
  const cut = safe.length > 120 ? `${safe.slice(0, 120)}…(${safe.length - 120} more)` : safe;
  return JSON.stringify(cut).replace(
    /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const RESERVED = new Set(['grant_type', 'client_id', 'client_secret', 'scope']);

function fail(message: string): never {
  throw new ConfigError(`${owner}: ${message}`);
}

function text(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    const got = typeof value === 'string' ? 'a blank string' : shown(value);
    fail(`${label(name)} must be a non-empty string (got ${got})`);
  }
  return value;
}

function num(name: string, value: unknown, fallback: number, min: number, max = Infinity): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    const got = typeof value === 'number' ? String(value) : shown(value);
    fail(`${name} must be a number between ${min} and ${max} (got ${got})`);
  }
  return value;
}

function fn<T>(name: string, value: T | undefined): T | undefined {
  if (value !== undefined && typeof value !== 'function') fail(`${name} must be a function`);
  return value;
}

function resolveTokenUrl(options: Pick<TokenManagerOptions, 'tokenUrl' | 'baseUrl'>): string {
  const name = options.tokenUrl !== undefined ? 'tokenUrl' : 'baseUrl';
  const given =
    options.tokenUrl !== undefined
      ? text('tokenUrl', options.tokenUrl)
      : presetOrUrl(text('baseUrl', options.baseUrl));
  const raw = options.tokenUrl !== undefined ? given : `${given.replace(/\/+$/, '')}/oauth/token`;
  let url: URL;
  const forms = name === 'baseUrl' ? BASE_URL_FORMS : 'expected an https URL';
  const value = options.tokenUrl ?? options.baseUrl;
  try {
    url = new URL(raw);
  } catch {
    return fail(`${label(name)} is not a valid URL: ${shown(value)}; ${forms}`);
  }
  if (given.includes('?') || given.includes('#'))
    fail(`${label(name)} must not have a query ("?") or a fragment ("#"): ${shown(value)}`);
  if ([...given].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f))
    fail(`${label(name)} must not contain whitespace or control characters: ${shown(value)}`);
  if (url.username !== '' || url.password !== '')
    fail(`${label(name)}: the URL must not contain credentials`);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    fail(
      `${label(name)}: the token URL must use https (plain http only for loopback hosts): ${shown(url.origin)}; ${forms}`,
    );
  }
  if (url.search !== '' || url.hash !== '') fail('the token URL must not have a query or fragment');
  return url.href;
}

/** `staging` / `production` name an {@link ADUMO_HOSTS} preset; anything else is a URL. */
function presetOrUrl(base: string): string {
  return Object.hasOwn(ADUMO_HOSTS, base) ? ADUMO_HOSTS[base as AdumoEnvironment] : base;
}

function resolveScope(scope: TokenManagerOptions['scope']): readonly string[] {
  if (scope === undefined) return [];
  const list: readonly unknown[] = typeof scope === 'string' ? scope.split(' ') : scope;
  if (!Array.isArray(list) || list.some((s) => typeof s !== 'string')) {
    fail('scope must be a string or an array of strings');
  }
  return Object.freeze([...new Set((list as string[]).filter((s) => s !== ''))].sort());
}

function resolveExtra(extra: TokenManagerOptions['extraParams']): [string, string][] {
  if (extra === undefined) return [];
  if (typeof extra !== 'object' || extra === null) fail('extraParams must be an object');
  const entries = Object.entries(extra).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, value] of entries) {
    if (RESERVED.has(key)) fail(`extraParams must not set ${key}`);
    if (typeof value !== 'string') fail(`extraParams.${key} must be a string`);
  }
  return entries;
}

/** Validate a manager's `options` and apply defaults; throws a {@link ConfigError} naming the bad option. */
export function resolveConfig(options: TokenManagerOptions): ResolvedConfig {
  const base = resolveBase(options);
  fromVariables = (options as { [FROM_ENV]?: Record<string, string> })[FROM_ENV] ?? {};
  try {
    const identity: RequestIdentity = {
      ...base.request,
      clientId: text('clientId', options.clientId),
      clientSecret: text('clientSecret', options.clientSecret),
    };
    return { ...base, identity };
  } finally {
    fromVariables = {};
  }
}

/**
 * Validate every option but the credentials (a `TokenPool`'s come per merchant); `name` is the
 * class named in messages.
 */
export function resolveBase(
  options: Omit<TokenManagerOptions, 'clientId' | 'clientSecret' | 'hooks'>,
  name = 'TokenManager',
): BaseConfig {
  owner = name;
  fromVariables = (options as { [FROM_ENV]?: Record<string, string> } | null)?.[FROM_ENV] ?? {};
  checking = (options as typeof checking | null) ?? {};
  try {
    return resolveAll(options);
  } finally {
    owner = 'TokenManager';
    fromVariables = {};
    checking = {};
  }
}

/** A `TokenPool`'s own settings, after validation. */
export interface PoolLimits {
  readonly maxMerchants: number;
  readonly idleMs: number;
  readonly credentialsTimeoutMs: number;
  readonly maxConcurrentRequests: number;
  readonly maxRequestsPerSecond: number;
  readonly failingShare: number;
  readonly maxConcurrentLookups: number;
}

/** Validate a pool's options: the shared ones (see {@link resolveBase}) and its own. */
export function resolvePool(options: TokenPoolOptions): BaseConfig & { readonly pool: PoolLimits } {
  const base = resolveBase(options, 'TokenPool');
  owner = 'TokenPool';
  try {
    if (typeof options.credentials !== 'function')
      fail('credentials must be a function (merchantId) => { clientId, clientSecret }');
    const pool: PoolLimits = {
      maxMerchants: Math.floor(num('maxMerchants', options.maxMerchants, 10_000, 1)),
      idleMs: num('idleMs', options.idleMs, 3_600_000, 1_000),
      credentialsTimeoutMs: num('credentialsTimeoutMs', options.credentialsTimeoutMs, 10_000, 1),
      maxConcurrentRequests: Math.floor(
        num('maxConcurrentRequests', options.maxConcurrentRequests, 64, 1),
      ),
      maxRequestsPerSecond: num('maxRequestsPerSecond', options.maxRequestsPerSecond, 500, 1),
      failingShare: num('failingShare', options.failingShare, 0.2, 0.01, 1),
      maxConcurrentLookups: Math.floor(
        num('maxConcurrentLookups', options.maxConcurrentLookups, 16, 1),
      ),
    };
    return { ...base, pool };
  } finally {
    owner = 'TokenManager';
  }
}

/**
 * The API base URL of a token URL (no trailing slash): the token URL without `/oauth/token`, or
 * its origin. Adapters send the token only to this URL's origin.
 */
export function apiBaseUrl(tokenUrl: string): string {
  const suffix = '/oauth/token';
  return tokenUrl.endsWith(suffix) ? tokenUrl.slice(0, -suffix.length) : new URL(tokenUrl).origin;
}

function resolveAll(
  options: Omit<TokenManagerOptions, 'clientId' | 'clientSecret' | 'hooks'>,
): BaseConfig {
  if (typeof options !== 'object' || options === null) fail('options must be an object');
  const clientAuth = options.clientAuth ?? 'query';
  if (clientAuth !== 'query' && clientAuth !== 'body' && clientAuth !== 'basic') {
    fail("clientAuth must be 'query', 'body' or 'basic'");
  }
  const store = options.store;
  if (store !== undefined) {
    const s = store as Partial<TokenStore> | null;
    if (
      s === null ||
      typeof s.get !== 'function' ||
      typeof s.set !== 'function' ||
      typeof s.delete !== 'function'
    ) {
      fail('store must implement get, set and delete');
    }
  }
  const fetchFn: FetchFunction =
    fn('fetch', options.fetch) ?? ((input, init) => globalThis.fetch(input, init));
  if (options.fetch === undefined && typeof globalThis.fetch !== 'function') {
    fail('no global fetch; pass options.fetch');
  }
  if (options.storeEncryption !== undefined && typeof options.storeEncryption !== 'boolean')
    fail('storeEncryption must be a boolean');
  const cooldownMinMs = num('cooldown.minMs', options.cooldown?.minMs, 1_000, 0, 3_600_000);
  const maxRetryAfterMs = num('retry.maxRetryAfterMs', options.retry?.maxRetryAfterMs, 30_000, 0);
  const refreshRatio = num('refreshWindow.ratio', options.refreshWindow?.ratio, 0.25, 0, 1);
  const refreshMaxMs = num('refreshWindow.maxMs', options.refreshWindow?.maxMs, 3_600_000, 0);
  const hooks: TestHooks = (options as { [TEST_HOOKS]?: TestHooks })[TEST_HOOKS] ?? {};
  const now = fn('now', options.now) ?? Date.now;
  const random = fn('random', hooks.random) ?? Math.random;
  const retry = {
    maxAttempts: Math.floor(num('retry.maxAttempts', options.retry?.maxAttempts, 4, 1, 100)),
    baseDelayMs: num('retry.baseDelayMs', options.retry?.baseDelayMs, 100, 0),
    maxDelayMs: num('retry.maxDelayMs', options.retry?.maxDelayMs, 5_000, 0),
    maxRetryAfterMs,
    minRetryAfterMs: Math.min(
      num('retry.minRetryAfterMs', options.retry?.minRetryAfterMs, 1_000, 0),
      maxRetryAfterMs,
    ),
  };
  const request = {
    tokenUrl: resolveTokenUrl(options),
    clientAuth,
    scope: resolveScope(options.scope),
    extraParams: resolveExtra(options.extraParams),
  };
  const deadlineMs = num('deadlineMs', options.deadlineMs, 30_000, 1, 2_147_483_647);
  const lockTtlMs = num('lockTtlMs', options.lockTtlMs, 15_000, 1, 2_147_483_647);
  const background = fn('background', options.background);
  return {
    request,
    acquisition: {
      ...retry,
      fetch: fetchFn,
      now,
      random,
      timeoutMs: num('timeoutMs', options.timeoutMs, 10_000, 1, 2_147_483_647),
      deadlineMs,
      defaultExpiresInMs:
        num('defaultExpiresInSeconds', options.defaultExpiresInSeconds, 300, 1, 31_536_000) * 1000,
      minLifetimeMs: num('minLifetimeSeconds', options.minLifetimeSeconds, 1, 0, 86_400) * 1000,
    },
    refresh: {
      ...retry,
      refreshRatio,
      refreshMaxMs,
      mustRatio: Math.min(
        num('mustRefreshWindow.ratio', options.mustRefreshWindow?.ratio, 0.1, 0, 1),
        refreshRatio,
      ),
      mustMaxMs: Math.min(
        num('mustRefreshWindow.maxMs', options.mustRefreshWindow?.maxMs, 30_000, 0),
        refreshMaxMs,
      ),
      cooldownMinMs,
      cooldownMaxMs: Math.max(
        num('cooldown.maxMs', options.cooldown?.maxMs, 10_000, 0, 3_600_000),
        cooldownMinMs,
      ),
      backgroundTimeoutMs: num(
        'backgroundTimeoutMs',
        options.backgroundTimeoutMs,
        5_000,
        1,
        2_147_483_647,
      ),
      waitLimitMs: Math.min(
        2_147_483_647,
        deadlineMs + (store === undefined ? 0 : 2 * lockTtlMs) + 5_000,
      ),
      keepWarm: options.keepWarm === true,
      background,
      now,
      random,
    },
    shared:
      store === undefined
        ? undefined
        : {
            store,
            lockTtlMs,
            timeoutMs: num('storeTimeoutMs', options.storeTimeoutMs, 2_000, 1, 2_147_483_647),
            encrypt: options.storeEncryption ?? true,
          },
    now,
    logger: options.logger ?? undefined,
    sleep: fn('sleep', hooks.sleep),
  };
}
