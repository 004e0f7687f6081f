import axios from 'axios';
import { createAdumoAxios } from '@adumo-oauth/axios';
import { TokenManager } from '@adumo-oauth/core';
import { axiosAsFetch } from './axios-bridge';
import type { Driver } from './types';

/**
 * Ours for axios, as its README documents: one `TokenManager` and `createAdumoAxios(tokens)`.
 * Its plain counterpart (wrapper overhead) is a bare `axios.create()` instance.
 */
export const adumoAxiosDriver: Driver = {
  name: 'adumo-axios',
  kind: 'ours',
  description: '@adumo-oauth/core TokenManager + @adumo-oauth/axios createAdumoAxios(tokens)',
  caches: true,
  create(config) {
    const tokens = new TokenManager({
      baseUrl: config.baseUrl,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
    });
    return {
      getToken: async () => (await tokens.getToken()).value,
      fetch: axiosAsFetch(createAdumoAxios(tokens)),
      plainFetch: axiosAsFetch(axios.create()),
      close: () => tokens.close(),
    };
  },
};
