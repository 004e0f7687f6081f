import { OAuth2Client, OAuth2Fetch } from '@badgateway/oauth2-client';
import type { Driver } from './types';

/**
 * `@badgateway/oauth2-client` as its README documents the fetch wrapper: an `OAuth2Client` with an
 * explicit token endpoint (no discovery) and an `OAuth2Fetch` whose `getNewToken` runs the
 * client-credentials grant. Credentials go in HTTP Basic (its default; it has no query-string mode).
 */
export const badgatewayDriver: Driver = {
  name: 'badgateway',
  kind: 'other',
  description:
    '@badgateway/oauth2-client OAuth2Fetch + clientCredentials(), client_secret_basic, explicit tokenEndpoint',
  caches: true,
  create(config) {
    const client = new OAuth2Client({
      server: config.baseUrl,
      tokenEndpoint: '/oauth/token',
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      authenticationMethod: 'client_secret_basic',
    });
    const wrapper = new OAuth2Fetch({
      client,
      getNewToken: () => client.clientCredentials(),
    });
    return {
      getToken: () => wrapper.getAccessToken(),
      fetch: (input, init) => wrapper.fetch(input instanceof URL ? input.href : input, init),
      close: () => Promise.resolve(),
    };
  },
};
