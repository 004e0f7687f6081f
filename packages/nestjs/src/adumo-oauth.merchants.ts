import type { MerchantTokenSource, TokenPool } from '@adumo-oauth/core';
import { MerchantCache } from '@adumo-oauth/core/adapter';
import { createAuthorizedFetch, type FetchLike } from '@adumo-oauth/fetch';
import type { AdumoHttpSettings } from './adumo-oauth.http';

/** What {@link AdumoMerchants} is built with (by the module, for a registration with `credentials`). */
export interface AdumoMerchantsSettings {
  /** `AdumoOAuthModule` or `AdumoOAuthModule "<name>"`, for error messages. */
  readonly where: string;
  readonly api: AdumoHttpSettings;
  readonly apiFetch: FetchLike | undefined;
  /** Builds a merchant's `HttpService`; `undefined` without `http: true`. */
  readonly httpFor: ((source: MerchantTokenSource) => unknown) | undefined;
  /** Merchants whose fetch / HttpService are kept (by the core's scan-resistant `MerchantCache`). */
  readonly maxCached: number;
}

interface Clients {
  used: boolean;
  stamp: number;
  fetch?: FetchLike;
  http?: unknown;
}

/**
 * Per-merchant API clients of a registration with `credentials` (a `TokenPool`): inject it by type
 * for the default registration (`constructor(merchants: AdumoMerchants)`), or with
 * `@InjectAdumoMerchants(name)`. Each merchant's fetch / `HttpService` sends that merchant's token
 * only. They are kept for at most `merchantClients` merchants (default 1,000) and rebuilt on
 * demand, so memory does not grow with the number of merchants; the same policy as the pool's own
 * merchants (the core's `MerchantCache`): merchants called again are kept, and a flood of one-time
 * ids cannot push them out (a newcomer in a full cache is kept from its second call).
 *
 * In a registration with `clientId`/`clientSecret` (one merchant) every method throws a
 * `TypeError` that says so.
 *
 * The module builds it: inject it, never construct it.
 *
 * @hideconstructor
 *
 * @example
 * const res = await this.merchants.fetch(merchantId)('/products/payments/v1/card/initiate', init);
 */
export class AdumoMerchants {
  readonly #pool: TokenPool | undefined;
  readonly #settings: AdumoMerchantsSettings;
  readonly #cache: MerchantCache<Clients>;

  /** Built by the module; `pool` is `undefined` for a registration without `credentials`. */
  constructor(pool: TokenPool | undefined, settings: AdumoMerchantsSettings) {
    this.#pool = pool;
    this.#settings = settings;
    this.#cache = new MerchantCache<Clients>(settings.maxCached);
  }

  /** The registration's `TokenPool` (the same one `@InjectTokenPool()` gives). */
  get pool(): TokenPool {
    if (this.#pool === undefined) throw this.#noPool();
    return this.#pool;
  }

  /**
   * The merchant's token source (`pool.source(merchantId)`): throws a `MerchantError`
   * (`invalid_merchant`, 400 through `AdumoOAuthExceptionFilter`) for an empty or invalid id.
   */
  source(merchantId: string): MerchantTokenSource {
    return this.pool.source(merchantId);
  }

  /**
   * The merchant's authorized fetch (`@adumo-oauth/fetch`): its token, the 401 retry, the origin
   * check; paths are relative to the registration's `baseUrl`.
   */
  fetch(merchantId: string): FetchLike {
    const clients = this.#clients(merchantId);
    return (clients.fetch ??= createAuthorizedFetch(this.source(merchantId), {
      ...this.#settings.api,
      fetch: this.#settings.apiFetch,
    }));
  }

  /**
   * The merchant's Adumo `HttpService` (`@nestjs/axios`, on its own axios instance), for a
   * registration with `http: true`; type it at the call: `merchants.http<HttpService>(id)`.
   */
  http<T = unknown>(merchantId: string): T {
    const { httpFor, where } = this.#settings;
    if (this.#pool !== undefined && httpFor === undefined)
      throw new TypeError(`${where}: register with http: true to get a merchant's HttpService`);
    const clients = this.#clients(merchantId);
    clients.http ??= httpFor?.(this.source(merchantId));
    return clients.http as T;
  }

  #clients(merchantId: string): Clients {
    const pool = this.pool;
    const id = pool.source(merchantId).merchantId; // validates the id before it is kept
    return this.#cache.get(id) ?? this.#cache.add(id, { used: false, stamp: 0 });
  }

  #noPool(): TypeError {
    return new TypeError(
      `${this.#settings.where}: this registration has clientId/clientSecret (one merchant); ` +
        'register with credentials: (merchantId) => ({ clientId, clientSecret }) for AdumoMerchants',
    );
  }
}
