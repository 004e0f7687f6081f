import { AdumoOAuthError, TokenPool, type Logger, type TokenPoolOptions } from '@adumo-oauth/core';
import type { FetchLike } from '@adumo-oauth/fetch';
import type { AdumoClient } from './adumo-oauth.client';
import { loadHttpServiceFactory } from './adumo-oauth.http';
import { AdumoMerchants } from './adumo-oauth.merchants';
import type { AdumoOAuthFetchOptions } from './adumo-oauth.options';
import { closeOnce } from './close-once';
import { nestLogger } from './nest-logger';

/**
 * Many merchants: the module builds (and, at application shutdown, closes) a `TokenPool` from
 * these options — every `TokenPool` option (`baseUrl`, `credentials`, `maxMerchants`, `store`, …)
 * — and provides it with {@link AdumoMerchants} (each merchant's fetch and `HttpService`).
 */
export type AdumoOAuthPoolOptions = Omit<TokenPoolOptions, 'logger'> &
  AdumoOAuthFetchOptions & {
    /** As for a `TokenManager` registration: Nest's `Logger` by default, `false` for none. */
    readonly logger?: Logger | false | undefined;
    /** Close the `store` at application shutdown (once, even if shared). Default `true`. */
    readonly closeStore?: boolean | undefined;
    /** Merchants whose fetch / `HttpService` {@link AdumoMerchants} keeps (default 1,000). */
    readonly merchantClients?: number | undefined;
    /** Not with `credentials`: each merchant's come from the resolver. */
    readonly clientId?: undefined;
    /** Not with `credentials`: each merchant's come from the resolver. */
    readonly clientSecret?: undefined;
    /** Not with `credentials`: the module builds the pool itself. */
    readonly tokenManager?: undefined;
  };

/** A registration with `credentials`: its pool, its merchants' clients, what it must close. */
export interface AdumoPoolClient {
  readonly pool: TokenPool;
  readonly merchants: AdumoMerchants;
  /** What `@InjectAdumoFetch()` gives in this registration: a fetch that says to use `merchants`. */
  readonly fetch: FetchLike;
  close(): Promise<void>;
}

/** Whether module options ask for a pool (they have `credentials`). */
export function isPoolOptions(options: unknown): options is AdumoOAuthPoolOptions {
  return typeof options === 'object' && options !== null && 'credentials' in options;
}

/** Whether a registration's client is a pool's. */
export function isPoolClient(client: AdumoClient | AdumoPoolClient): client is AdumoPoolClient {
  return 'pool' in client;
}

/** Build a registration's pool client; `http` (the static extra) loads the optional HTTP peers. */
export async function createAdumoPoolClient(
  options: AdumoOAuthPoolOptions,
  name: string | undefined,
  http: boolean,
): Promise<AdumoPoolClient> {
  const where = `AdumoOAuthModule${name === undefined ? '' : ` "${name}"`}`;
  const {
    retryOnUnauthorized,
    allowedOrigins,
    apiFetch,
    logger,
    closeStore,
    merchantClients,
    ...poolOptions
  } = options;
  const both = (['clientId', 'clientSecret', 'tokenManager'] as const).filter(
    (key) => (options as unknown as Record<string, unknown>)[key] !== undefined,
  );
  if (both.length > 0)
    throw new TypeError(
      `${where}: pass either credentials (many merchants) or ${both.join('/')}, not both`,
    );
  const maxCached = merchantClients ?? 1_000;
  if (typeof maxCached !== 'number' || !Number.isInteger(maxCached) || maxCached < 1)
    throw new TypeError(`${where}: merchantClients must be a whole number of at least 1`);
  const api = { allowedOrigins, retryOnUnauthorized };
  const httpFor = http ? await loadHttpServiceFactory(api, where) : undefined;
  const pool = new TokenPool({
    ...poolOptions,
    ...(logger === false ? {} : { logger: logger ?? nestLogger(name) }),
  });
  const merchants = new AdumoMerchants(pool, { where, api, apiFetch, httpFor, maxCached });
  const owned = closeStore === false ? [pool] : [pool, poolOptions.store];
  const fetch: FetchLike = () =>
    Promise.reject(
      new AdumoOAuthError(
        'config',
        `${where} serves many merchants (credentials): use AdumoMerchants.fetch(merchantId)`,
      ),
    );
  return {
    pool,
    merchants,
    fetch,
    close: async () => {
      for (const resource of owned) await closeOnce(resource);
    },
  };
}
