import type { MockClientConfig } from './types';

/** Default prefix of the generated merchant client ids (`merchant-1`, `merchant-2`, …). */
export const DEFAULT_MERCHANT_PREFIX = 'merchant-';

/** Options of the `merchants` rule of `startMockAdumo`. */
export interface MockMerchantsOptions {
  /** How many merchants exist: ids `${prefix}1` … `${prefix}${count}`. */
  readonly count: number;
  /** Client id prefix; default `'merchant-'`. */
  readonly prefix?: string | undefined;
}

/** One generated merchant's credentials, as a multi-merchant app would load them. */
export interface MockMerchant {
  /** The merchant's id in your app; the same as its `clientId` (Adumo's `client_id` is the merchant UID). */
  readonly merchantId: string;
  /** The `client_id` the mock accepts. */
  readonly clientId: string;
  /** The `client_secret` the mock accepts: `merchantSecret(clientId)`. */
  readonly clientSecret: string;
}

/**
 * The secret the mock's merchant rule accepts for a generated merchant client id: a pure,
 * deterministic function (`merchantSecret('merchant-7') === 'secret-for-merchant-7'`), never equal
 * to the id. Test credentials of the mock only.
 */
export function merchantSecret(clientId: string): string {
  return `secret-for-${clientId}`;
}

function checkedOptions(options: MockMerchantsOptions): { count: number; prefix: string } {
  const { count, prefix = DEFAULT_MERCHANT_PREFIX } = options;
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError('merchants.count must be a whole number >= 0');
  }
  if (typeof prefix !== 'string' || prefix === '') {
    throw new TypeError('merchants.prefix must be a non-empty string');
  }
  return { count, prefix };
}

/**
 * The merchant number of `clientId` (`merchant-42` → 42) when it is one of the generated ids:
 * the prefix, then a number without leading zeros in 1..count. O(1), no list kept.
 */
function merchantNumber(clientId: string, prefix: string, count: number): number | undefined {
  if (!clientId.startsWith(prefix)) return undefined;
  const digits = clientId.slice(prefix.length);
  if (!/^[1-9]\d{0,15}$/.test(digits)) return undefined;
  const n = Number(digits);
  return n <= count ? n : undefined;
}

/** The client rule behind the `merchants` option: accepts the generated ids with their secrets. */
export function merchantRule(
  options: MockMerchantsOptions,
): (clientId: string) => MockClientConfig | undefined {
  const { count, prefix } = checkedOptions(options);
  return (clientId) =>
    merchantNumber(clientId, prefix, count) === undefined
      ? undefined
      : { clientId, clientSecret: merchantSecret(clientId) };
}

/**
 * The credentials of the merchants that `startMockAdumo({ merchants: { count, prefix } })` accepts,
 * for building a credentials resolver in tests, demos and benchmarks.
 *
 * @example
 * const mock = await startMockAdumo({ merchants: { count: 1000 } });
 * const merchants = mockMerchants(1000); // [{ merchantId: 'merchant-1', clientId: 'merchant-1', clientSecret: … }, …]
 */
export function mockMerchants(count: number, prefix?: string): MockMerchant[] {
  const checked = checkedOptions({ count, prefix });
  return Array.from({ length: checked.count }, (_, i) => {
    const clientId = `${checked.prefix}${i + 1}`;
    return { merchantId: clientId, clientId, clientSecret: merchantSecret(clientId) };
  });
}
