import type { AccessToken } from '../access-token';
import type { GetTokenOptions, TokenSource } from '../types';

/** A merchant's {@link TokenSource}, for the fetch and axios wrappers and the adapters. */
export interface MerchantTokenSource extends TokenSource {
  /** The merchant whose tokens this source hands out, as passed to `pool.source(merchantId)`. */
  readonly merchantId: string;
  /** The API base URL the merchant's tokens are for. */
  readonly baseUrl: string;
  /** A usable token for this merchant (see `TokenManager.getToken`). */
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  /** Compare-and-invalidate this merchant's cached token (see `TokenManager.invalidate`). */
  invalidate(token?: string | { readonly value: string }): Promise<void>;
}
