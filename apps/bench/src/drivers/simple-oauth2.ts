import { ClientCredentials, type AccessToken } from 'simple-oauth2';
import { fetchWithToken } from './request-token';
import type { Driver } from './types';

/**
 * `simple-oauth2` as its README shows: keep the `AccessToken`, and when `accessToken.expired()`
 * get a new one with `client.getToken()` (client-credentials tokens cannot be refreshed). No
 * single-flight (the README has none). Credentials in HTTP Basic (its default). The library has
 * no fetch wrapper, so API calls attach the token by hand.
 */
export const simpleOauth2Driver: Driver = {
  name: 'simple-oauth2',
  kind: 'other',
  description:
    'simple-oauth2 ClientCredentials; README pattern `if (!token || token.expired()) token = await client.getToken()`',
  caches: true,
  create(config) {
    const client = new ClientCredentials({
      client: { id: config.clientId, secret: config.clientSecret },
      auth: { tokenHost: config.baseUrl, tokenPath: '/oauth/token' },
    });
    let accessToken: AccessToken | undefined;

    const getToken = async (): Promise<string> => {
      if (accessToken === undefined || accessToken.expired()) {
        accessToken = await client.getToken({});
      }
      return accessToken.token['access_token'] as string;
    };

    return {
      getToken,
      fetch: async (input, init) => fetchWithToken(await getToken(), input, init),
      close: () => Promise.resolve(),
    };
  },
};
