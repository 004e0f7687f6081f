import { OptionCheck } from './config-check';
import { isLoopbackHost, presetOrUrl, tokenUrlOf } from './env';
import type { AcquisitionOptions } from './acquisition/acquisition-source';
import type { RequestIdentity } from './acquisition/request';
import type { FetchFunction, TokenManagerOptions, TokenPoolOptions } from './options';
import type { RefreshOptions } from './refreshing-source';
import { TEST_HOOKS, type TestHooks } from './timers';
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

/** What `baseUrl` accepts, for messages. */
const BASE_URL_FORMS =
  "expected 'staging', 'production' or an https URL such as https://apiv3.adumoonline.com (plain http only for loopback hosts)";

const RESERVED = new Set(['grant_type', 'client_id', 'client_secret', 'scope']);

function resolveTokenUrl(
  c: OptionCheck,
  options: Pick<TokenManagerOptions, 'tokenUrl' | 'baseUrl'>,
): string {
  const name = options.tokenUrl !== undefined ? 'tokenUrl' : 'baseUrl';
  const given =
    options.tokenUrl !== undefined
      ? c.text('tokenUrl', options.tokenUrl)
      : presetOrUrl(c.text('baseUrl', options.baseUrl));
  const raw = options.tokenUrl !== undefined ? given : tokenUrlOf(given);
  let url: URL;
  const forms = name === 'baseUrl' ? BASE_URL_FORMS : 'expected an https URL';
  const value = options.tokenUrl ?? options.baseUrl;
  try {
    url = new URL(raw);
  } catch {
    return c.fail(`${c.label(name)} is not a valid URL: ${c.shown(value)}; ${forms}`);
  }
  if (given.includes('?') || given.includes('#'))
    c.fail(`${c.label(name)} must not have a query ("?") or a fragment ("#"): ${c.shown(value)}`);
  if ([...given].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f))
    c.fail(`${c.label(name)} must not contain whitespace or control characters: ${c.shown(value)}`);
  if (url.username !== '' || url.password !== '')
    c.fail(`${c.label(name)}: the URL must not contain credentials`);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    c.fail(
      `${c.label(name)}: the token URL must use https (plain http only for loopback hosts): ${c.shown(url.origin)}; ${forms}`,
    );
  }
  if (url.search !== '' || url.hash !== '')
    c.fail('the token URL must not have a query or fragment');
  return url.href;
}

function resolveScope(c: OptionCheck, scope: TokenManagerOptions['scope']): readonly string[] {
  if (scope === undefined) return [];
  const list: readonly unknown[] = typeof scope === 'string' ? scope.split(' ') : scope;
  if (!Array.isArray(list) || list.some((s) => typeof s !== 'string')) {
    c.fail('scope must be a string or an array of strings');
  }
  return Object.freeze([...new Set((list as string[]).filter((s) => s !== ''))].sort());
}

function resolveExtra(
  c: OptionCheck,
  extra: TokenManagerOptions['extraParams'],
): [string, string][] {
  if (extra === undefined) return [];
  if (typeof extra !== 'object' || extra === null) c.fail('extraParams must be an object');
  const entries = Object.entries(extra).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, value] of entries) {
    if (RESERVED.has(key)) c.fail(`extraParams must not set ${key}`);
    if (typeof value !== 'string') c.fail(`extraParams.${key} must be a string`);
  }
  return entries;
}

/** Validate a manager's `options` and apply defaults; throws a `config` error naming the bad option. */
export function resolveConfig(options: TokenManagerOptions): ResolvedConfig {
  const c = new OptionCheck('TokenManager', options);
  const base = resolveAll(c, options);
  const identity: RequestIdentity = {
    ...base.request,
    clientId: c.text('clientId', options.clientId),
    clientSecret: c.text('clientSecret', options.clientSecret),
  };
  return { ...base, identity };
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

/** Validate a pool's options: every option but the credentials (those come per merchant), and its own. */
export function resolvePool(options: TokenPoolOptions): BaseConfig & { readonly pool: PoolLimits } {
  const c = new OptionCheck('TokenPool', options);
  const base = resolveAll(c, options);
  if (typeof options.credentials !== 'function')
    c.fail('credentials must be a function (merchantId) => { clientId, clientSecret }');
  const pool: PoolLimits = {
    maxMerchants: Math.floor(c.num('maxMerchants', options.maxMerchants, 10_000, 1)),
    idleMs: c.num('idleMs', options.idleMs, 3_600_000, 1_000),
    credentialsTimeoutMs: c.num('credentialsTimeoutMs', options.credentialsTimeoutMs, 10_000, 1),
    maxConcurrentRequests: Math.floor(
      c.num('maxConcurrentRequests', options.maxConcurrentRequests, 64, 1),
    ),
    maxRequestsPerSecond: c.num('maxRequestsPerSecond', options.maxRequestsPerSecond, 500, 1),
    failingShare: c.num('failingShare', options.failingShare, 0.2, 0.01, 1),
    maxConcurrentLookups: Math.floor(
      c.num('maxConcurrentLookups', options.maxConcurrentLookups, 16, 1),
    ),
  };
  return { ...base, pool };
}

function resolveAll(
  c: OptionCheck,
  options: Omit<TokenManagerOptions, 'clientId' | 'clientSecret' | 'hooks'>,
): BaseConfig {
  if (typeof options !== 'object' || options === null) c.fail('options must be an object');
  const clientAuth = options.clientAuth ?? 'query';
  if (clientAuth !== 'query' && clientAuth !== 'body' && clientAuth !== 'basic') {
    c.fail("clientAuth must be 'query', 'body' or 'basic'");
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
      c.fail('store must implement get, set and delete');
    }
  }
  const fetchFn: FetchFunction =
    c.fn('fetch', options.fetch) ?? ((input, init) => globalThis.fetch(input, init));
  if (options.fetch === undefined && typeof globalThis.fetch !== 'function') {
    c.fail('no global fetch; pass options.fetch');
  }
  if (options.storeEncryption !== undefined && typeof options.storeEncryption !== 'boolean')
    c.fail('storeEncryption must be a boolean');
  const cooldownMinMs = c.num('cooldown.minMs', options.cooldown?.minMs, 1_000, 0, 3_600_000);
  const maxRetryAfterMs = c.num('retry.maxRetryAfterMs', options.retry?.maxRetryAfterMs, 30_000, 0);
  const refreshRatio = c.num('refreshWindow.ratio', options.refreshWindow?.ratio, 0.25, 0, 1);
  const refreshMaxMs = c.num('refreshWindow.maxMs', options.refreshWindow?.maxMs, 3_600_000, 0);
  const hooks: TestHooks = (options as { [TEST_HOOKS]?: TestHooks })[TEST_HOOKS] ?? {};
  const now = c.fn('now', options.now) ?? Date.now;
  const random = c.fn('random', hooks.random) ?? Math.random;
  const retry = {
    maxAttempts: Math.floor(c.num('retry.maxAttempts', options.retry?.maxAttempts, 4, 1, 100)),
    baseDelayMs: c.num('retry.baseDelayMs', options.retry?.baseDelayMs, 100, 0),
    maxDelayMs: c.num('retry.maxDelayMs', options.retry?.maxDelayMs, 5_000, 0),
    maxRetryAfterMs,
    minRetryAfterMs: Math.min(
      c.num('retry.minRetryAfterMs', options.retry?.minRetryAfterMs, 1_000, 0),
      maxRetryAfterMs,
    ),
  };
  const request = {
    tokenUrl: resolveTokenUrl(c, options),
    clientAuth,
    scope: resolveScope(c, options.scope),
    extraParams: resolveExtra(c, options.extraParams),
  };
  const deadlineMs = c.num('deadlineMs', options.deadlineMs, 30_000, 1, 2_147_483_647);
  const lockTtlMs = c.num('lockTtlMs', options.lockTtlMs, 15_000, 1, 2_147_483_647);
  const background = c.fn('background', options.background);
  return {
    request,
    acquisition: {
      ...retry,
      fetch: fetchFn,
      now,
      random,
      timeoutMs: c.num('timeoutMs', options.timeoutMs, 10_000, 1, 2_147_483_647),
      deadlineMs,
      defaultExpiresInMs:
        c.num('defaultExpiresInSeconds', options.defaultExpiresInSeconds, 300, 1, 31_536_000) *
        1000,
      minLifetimeMs: c.num('minLifetimeSeconds', options.minLifetimeSeconds, 1, 0, 86_400) * 1000,
    },
    refresh: {
      ...retry,
      refreshRatio,
      refreshMaxMs,
      mustRatio: Math.min(
        c.num('mustRefreshWindow.ratio', options.mustRefreshWindow?.ratio, 0.1, 0, 1),
        refreshRatio,
      ),
      mustMaxMs: Math.min(
        c.num('mustRefreshWindow.maxMs', options.mustRefreshWindow?.maxMs, 30_000, 0),
        refreshMaxMs,
      ),
      cooldownMinMs,
      cooldownMaxMs: Math.max(
        c.num('cooldown.maxMs', options.cooldown?.maxMs, 10_000, 0, 3_600_000),
        cooldownMinMs,
      ),
      backgroundTimeoutMs: c.num(
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
            timeoutMs: c.num('storeTimeoutMs', options.storeTimeoutMs, 2_000, 1, 2_147_483_647),
            encrypt: options.storeEncryption ?? true,
          },
    now,
    logger: options.logger ?? undefined,
    sleep: c.fn('sleep', hooks.sleep),
  };
}
