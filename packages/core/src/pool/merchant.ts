import type { RequestIdentity } from '../acquisition/request';
import type { BoundedMap, CacheEntry } from '../bounded-map';
import { lazyCacheKey } from '../shared/seal';
import type { BaseConfig } from '../config';
import { MerchantEvents, type Emitter, type TokenPoolEvents } from '../observe';
import type { MerchantCredentials } from '../options';
import { createRedactor, type Redactor } from '../redact';
import type { RefreshingSource } from '../refreshing-source';
import type { PastFailure } from '../retry';
import type { TokenSlot } from '../access-token';
import { SafeLogger } from '../outside-text';
import type { StoreAccess } from '../shared/store-access';
import { composeSources, type OwnerParts } from '../sources';

/**
 * What a pool keeps per merchant: its cache marks, its token (the refreshing source keeps it
 * here, so a hit reads no other object), and its composed sources.
 */
export interface Merchant extends CacheEntry, TokenSlot {
  refreshing: RefreshingSource;
  store: StoreAccess | undefined;
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
  const merchant = {
    used: true,
    stamp: 0,
    token: undefined,
    refreshAt: -Infinity,
    refreshing: undefined,
    store: undefined,
  } as unknown as Merchant;
  const redact = lazyRedactor(
    merchantId,
    clientId,
    clientSecret,
    () => merchant.token?.value,
    parts.redactors,
  );
  const log =
    base.logger === undefined
      ? parts.log
      : new SafeLogger(base.logger, redact, `merchant ${merchantId}: `);
  const key = lazyCacheKey(identity);
  const events = new MerchantEvents(parts.events, merchantId);
  const sources = composeSources(parts, identity, key, { redact, log, events }, merchant);
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
