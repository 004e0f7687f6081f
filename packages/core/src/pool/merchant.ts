import type { RequestIdentity } from '../acquisition/request';
import type { BoundedMap, CacheEntry } from '../bounded-map';
import { lazyCacheKey } from '../shared/seal';
import type { BaseConfig } from '../config';
import { MerchantEvents, type Emitter, type TokenPoolEvents } from '../observe';
import type { MerchantCredentials } from '../options';
import { createRedactor, type Redactor } from '../redact';
import type { RefreshingSource } from '../refreshing-source';
import type { PastFailure } from '../retry';
import { EMPTY_SLOT, type AccessToken, type TokenSlot } from '../access-token';
import { SafeLogger } from '../outside-text';
import type { StoreAccess } from '../shared/store-access';
import { composeSources, type OwnerParts } from '../sources';

/**
 * What a pool keeps per merchant in its map: the cache marks and the composed sources. While in
 * the map it has a place in the pool's {@link HitIndex}, which keeps its `used` mark.
 */
export class Merchant implements CacheEntry {
  stamp = 0;
  /** Its place in the pool's hit index while in the pool's map; `-1` before and after. */
  place = -1;
  #used = true;
  refreshing!: RefreshingSource;
  store: StoreAccess | undefined;

  constructor(private readonly hits: HitIndex) {}

  /** Hit since the map's hand last passed (kept by the hit index while in it). */
  get used(): boolean {
    return this.place < 0 ? this.#used : this.hits.used(this.place);
  }

  set used(value: boolean) {
    if (this.place < 0) this.#used = value;
    else this.hits.mark(this.place, value);
  }
}

/**
 * What a pool's cache hit reads, and nothing else: merchant id → place, and by place the merchant's
 * fresh-until time, its `used` mark and the settled promise of its token, in arrays. So a hit reads
 * a `Map` and the promise it returns, no per-merchant object, and hits spread over many merchants
 * cost about what a bare `Map` of the tokens does. Written only when a merchant enters or leaves
 * the pool's map and when its refreshing source has a new token slot.
 */
export class HitIndex {
  readonly #places = new Map<string, number>();
  readonly #free: number[] = [];
  #owners: (Merchant | undefined)[] = [];
  #settled: (Promise<AccessToken> | undefined)[] = [];
  #refreshAt = new Float64Array(0);
  #used = new Uint8Array(0);

  /** `id`'s token's settled promise if it is fresh at `now` (marked used), else `undefined`. */
  hit(id: string, now: number): Promise<AccessToken> | undefined {
    const place = this.#places.get(id);
    if (place === undefined || !(now < this.#refreshAt[place]!)) return undefined;
    this.#used[place] = 1;
    return this.#settled[place];
  }

  /** Give `merchant`, just put in the pool's map under `id`, its place. */
  add(id: string, merchant: Merchant, slot: TokenSlot): void {
    const previous = this.#places.get(id);
    if (previous !== undefined) this.remove(id, this.#owners[previous]!);
    const place = this.#free.pop() ?? this.#grow();
    const used = merchant.used;
    this.#places.set(id, place);
    this.#owners[place] = merchant;
    merchant.place = place;
    merchant.used = used;
    this.#fill(place, slot);
  }

  /** `merchant` left the pool's map (nothing if it has no place under `id`). */
  remove(id: string, merchant: Merchant): void {
    const place = this.#places.get(id);
    if (place === undefined || this.#owners[place] !== merchant) return;
    const used = merchant.used;
    merchant.place = -1;
    merchant.used = used;
    this.#places.delete(id);
    this.#owners[place] = undefined;
    this.#fill(place, EMPTY_SLOT);
    this.#used[place] = 0;
    this.#free.push(place);
  }

  /** `merchant`'s new slot, if it is the one placed under `id` (not evicted, not rebuilt). */
  update(id: string, merchant: Merchant, slot: TokenSlot): void {
    const place = this.#places.get(id);
    if (place !== undefined && this.#owners[place] === merchant) this.#fill(place, slot);
  }

  /** Forget every place. */
  clear(): void {
    for (const [id, place] of this.#places) this.remove(id, this.#owners[place]!);
  }

  /** The `used` mark at `place`. */
  used(place: number): boolean {
    return this.#used[place] === 1;
  }

  /** Set the `used` mark at `place`. */
  mark(place: number, used: boolean): void {
    this.#used[place] = used ? 1 : 0;
  }

  #fill(place: number, slot: TokenSlot): void {
    this.#settled[place] = slot.settled;
    this.#refreshAt[place] = slot.refreshAt;
  }

  /** Twice the room (at least 16 places); returns a free place. */
  #grow(): number {
    const size = this.#refreshAt.length;
    const next = Math.max(16, size * 2);
    const refreshAt = new Float64Array(next).fill(-Infinity);
    refreshAt.set(this.#refreshAt);
    const used = new Uint8Array(next);
    used.set(this.#used);
    [this.#refreshAt, this.#used] = [refreshAt, used];
    for (let place = size; place < next; place++) {
      this.#settled.push(undefined); // packed arrays, no holes
      this.#owners.push(undefined);
    }
    for (let place = next - 1; place > size; place--) this.#free.push(place);
    return size;
  }
}

/** Merchants' redactors a pool keeps built (see {@link lazyRedactor}). */
export const RECENT_REDACTORS = 256;

/** What every merchant of a pool shares. */
export interface MerchantParts extends OwnerParts {
  readonly config: BaseConfig;
  readonly events: Emitter<TokenPoolEvents>;
  /** The pool's logger (used as is when there is no user logger). */
  readonly log: SafeLogger;
  /** The redactors built lately (each merchant's is built only when a text needs it). */
  readonly redactors: BoundedMap<RecentRedactor>;
  /** What the pool's hits read (told of every merchant's new token slot). */
  readonly hits: HitIndex;
}

/**
 * One merchant's entry: the same sources as a `TokenManager` under the merchant's identity,
 * cache key and store seal, with its own redactor, log prefix and events; `past` is its failures
 * from before an eviction (its cooldown goes on).
 */
export function buildMerchant(
  parts: MerchantParts,
  merchantId: string,
  credentials: MerchantCredentials,
  past: PastFailure | undefined,
): Merchant {
  const base = parts.config;
  const { tokenUrl, clientAuth, scope, extraParams } = base.request;
  // A literal, not a spread: a spread gives every merchant's identity a hidden class of its own.
  const { clientId, clientSecret } = credentials;
  const identity: RequestIdentity = {
    tokenUrl,
    clientId,
    clientSecret,
    clientAuth,
    scope,
    extraParams,
  };
  const merchant = new Merchant(parts.hits);
  const redact = lazyRedactor(
    merchantId,
    clientId,
    clientSecret,
    () => merchant.refreshing.slot.token?.value,
    parts.redactors,
  );
  const log =
    base.logger === undefined
      ? parts.log
      : new SafeLogger(base.logger, redact, `merchant ${merchantId}: `);
  const key = lazyCacheKey(identity);
  const events = new MerchantEvents(parts.events, merchantId);
  const onSlot = (slot: TokenSlot): void => parts.hits.update(merchantId, merchant, slot);
  const sources = composeSources(parts, identity, key, { redact, log, events }, onSlot);
  merchant.refreshing = sources.refreshing;
  merchant.store = sources.store;
  if (past !== undefined) sources.refreshing.recall(past);
  return merchant;
}

/** A redactor a pool built lately, for the merchant whose lazy redactor (`owner`) built it. */
export interface RecentRedactor extends CacheEntry {
  readonly owner: Redactor;
  readonly full: Redactor;
}

/**
 * A {@link Redactor} for one of a pool's merchants, built only when a text needs it (about 0.3 ms
 * and 2.7 KB each, too much to keep for every merchant): the `recent` map (shared by the pool,
 * by merchant id, at most {@link RECENT_REDACTORS}) keeps the last ones built. The merchant's
 * current token (`current()`) is removed too; older ones by pattern (JWTs, `Bearer`, Spring's echo).
 */
export function lazyRedactor(
  merchantId: string,
  clientId: string,
  secret: string,
  current: () => string | undefined,
  recent: BoundedMap<RecentRedactor>,
): Redactor {
  const lazy = ((text: string): string => {
    let entry = recent.get(merchantId);
    // Another entry for the id (evicted, rebuilt, maybe with new credentials) built its own.
    if (entry?.owner !== lazy) {
      const full = createRedactor([secret], [[clientId, secret]]);
      entry = recent.add(merchantId, { used: false, stamp: 0, owner: lazy, full });
    }
    const token = current();
    if (token !== undefined) entry.full.remember(token);
    return entry.full(text);
  }) as Redactor;
  lazy.remember = () => undefined; // the current token is read when a text is redacted
  return lazy;
}
