import { TokenManager } from '@adumo-oauth/core';
import { adumoToken } from '@adumo-oauth/express';
import { createAuthorizedFetch } from '@adumo-oauth/fetch';
import { IOREDIS_STORE_OPTIONS, RedisTokenStore } from '@adumo-oauth/redis';
import { Redis } from 'ioredis';
import type { Driver } from './types';

/**
 * Ours, as our READMEs document: one `TokenManager` (query-string credentials, Adumo's default),
 * `createAuthorizedFetch(tokens)` for API calls and `adumoToken(tokens)` for Express. With a
 * Redis URL (fleet scenario) the manager shares its cache through `RedisTokenStore`.
 */
export const adumoDriver: Driver = {
  name: 'adumo-oauth',
  kind: 'ours',
  description:
    '@adumo-oauth/core TokenManager (query-string credentials) + @adumo-oauth/fetch + @adumo-oauth/express; RedisTokenStore in the fleet',
  caches: true,
  sharesCache: true,
  create(config) {
    const store =
      config.redisUrl === undefined
        ? undefined
        : RedisTokenStore.fromIoredis(new Redis(config.redisUrl, IOREDIS_STORE_OPTIONS), {
            owned: true,
          });
    const tokens = new TokenManager({
      baseUrl: config.baseUrl,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      ...(store === undefined ? {} : { store }),
    });
    return {
      getToken: async () => (await tokens.getToken()).value,
      fetch: createAuthorizedFetch(tokens),
      middleware: adumoToken(tokens),
      close: async () => {
        await tokens.close();
        await store?.close();
      },
    };
  },
};
