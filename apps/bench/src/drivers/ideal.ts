import { fetchWithToken, requestToken, type PlainToken } from './request-token';
import type { Driver, DriverConfig } from './types';

/**
 * The practical limit: the least code that is still correct for one process. Expiry is the time
 * the request was sent + `expires_in`, capped by the JWT `exp`. A cached token is returned while
 * it has more than a tenth of its lifetime (at most 30 s) left; otherwise callers share one
 * request (single-flight) and wait for it. No retries, no background refresh.
 */
class IdealCache {
  private token: PlainToken | undefined;
  private skewMs = 0;
  private inflight: Promise<PlainToken> | undefined;

  constructor(private readonly config: DriverConfig) {}

  getToken(): Promise<PlainToken> {
    const token = this.token;
    if (token !== undefined && Date.now() < token.expiresAt - this.skewMs) {
      return Promise.resolve(token);
    }
    return (this.inflight ??= this.refresh());
  }

  private async refresh(): Promise<PlainToken> {
    const startedAt = Date.now();
    try {
      const token = await requestToken(this.config);
      this.skewMs = Math.min(30_000, (token.expiresAt - startedAt) / 10);
      this.token = token;
      return token;
    } finally {
      this.inflight = undefined;
    }
  }
}

/** Baseline: a hand-written in-memory cache with single-flight. */
export const idealDriver: Driver = {
  name: 'ideal',
  kind: 'baseline',
  description:
    'hand-written in-memory cache + single-flight; expiry = sent + expires_in capped by JWT exp; refresh when <10% of the lifetime is left; no retries',
  caches: true,
  create(config) {
    const cache = new IdealCache(config);
    const getToken = async (): Promise<string> => (await cache.getToken()).value;
    return {
      getToken,
      fetch: async (input, init) => fetchWithToken(await getToken(), input, init),
      close: () => Promise.resolve(),
    };
  },
};
