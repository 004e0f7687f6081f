import type { AccessToken } from '../access-token';
import type { TokenHealth } from '../health';
import type { TokenManagerStats } from '../stats';
import type { GetTokenOptions, TokenSource } from '../types';

/** Totals of a {@link TokenPool}, from `stats()`: a manager's counters summed over merchants. */
export interface TokenPoolStats extends TokenManagerStats {
  /** Merchants in memory now. */
  readonly merchants: number;
  /** Merchants dropped from memory (capacity or idle). */
  readonly evictions: number;
  /** Calls of the credentials resolver. */
  readonly credentialLookups: number;
  /** Resolver calls that failed (unknown merchant, error, timeout, invalid answer). */
  readonly credentialFailures: number;
}

/** One merchant's state, from `stats(merchantId)`: its health, no secret, no token. */
export interface MerchantStats extends TokenHealth {
  /** The merchant these stats are for, as passed to `stats(merchantId)`. */
  readonly merchantId: string;
}

/** A merchant's {@link TokenSource}, for the fetch and axios wrappers and the adapters. */
export interface MerchantTokenSource extends TokenSource {
  /** The merchant whose tokens this source hands out, as passed to `pool.source(merchantId)`. */
  readonly merchantId: string;
  readonly baseUrl: string;
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  invalidate(token?: string | { readonly value: string }): Promise<void>;
}
