import axios from 'axios';
import { createAuthRefresh } from 'axios-auth-refresh';
import { axiosAsFetch } from './axios-bridge';
import type { Driver } from './types';

/**
 * `axios-auth-refresh` as its README shows: a request interceptor sets `Bearer <token>` from a
 * variable, and `createAuthRefresh(instance, refreshAuthLogic)` gets a new token (an Adumo
 * client-credentials request, credentials in the query string) when the API answers 401, then
 * resends the request. It knows nothing of lifetimes: a token is replaced only after a 401.
 * `getToken()` (not part of the library) shares one pending request among concurrent callers.
 */
export const axiosAuthRefreshDriver: Driver = {
  name: 'axios-auth-refresh',
  kind: 'other',
  description:
    'axios-auth-refresh createAuthRefresh(instance, refreshAuthLogic) + a request interceptor setting the stored token (README pattern)',
  caches: true,
  create(config) {
    let token: string | undefined;
    let pending: Promise<string> | undefined;
    const requestToken = async (): Promise<string> => {
      const res = await axios.post<{ access_token: string }>(config.tokenUrl, null, {
        params: {
          grant_type: 'client_credentials',
          client_id: config.clientId,
          client_secret: config.clientSecret,
        },
        headers: { accept: 'application/json' },
      });
      token = res.data.access_token;
      return token;
    };
    const getToken = (): Promise<string> => {
      if (token !== undefined) return Promise.resolve(token);
      pending ??= requestToken().finally(() => (pending = undefined));
      return pending;
    };

    const instance = axios.create();
    instance.interceptors.request.use((request) => {
      if (token !== undefined) request.headers.Authorization = `Bearer ${token}`;
      return request;
    });
    createAuthRefresh(
      instance,
      async (failedRequest: { response: { config: { headers: Record<string, string> } } }) => {
        const fresh = await requestToken();
        failedRequest.response.config.headers.Authorization = `Bearer ${fresh}`;
      },
    );
    return {
      getToken,
      fetch: axiosAsFetch(instance),
      plainFetch: axiosAsFetch(axios.create()),
      close: () => Promise.resolve(),
    };
  },
};
