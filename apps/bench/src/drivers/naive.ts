import { fetchWithToken, requestToken } from './request-token';
import type { Driver } from './types';

/** Baseline: a token request before every call (what code without a cache does). */
export const naiveDriver: Driver = {
  name: 'naive',
  kind: 'baseline',
  description: 'a new token request (query-string credentials) before every call; no cache',
  caches: false,
  create(config) {
    const getToken = async (): Promise<string> => (await requestToken(config)).value;
    return {
      getToken,
      fetch: async (input, init) => fetchWithToken(await getToken(), input, init),
      close: () => Promise.resolve(),
    };
  },
};
