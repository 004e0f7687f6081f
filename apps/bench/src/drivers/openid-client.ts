import * as oidc from 'openid-client';
import type { Driver, FetchLike } from './types';

/**
 * `openid-client` v6 as documented, without discovery: `new Configuration(serverMetadata,
 * clientId, clientSecret)` (client_secret_post, its default) and `clientCredentialsGrant()` per
 * call — the library has no token cache, so its documented pattern requests a token every time.
 * API calls go through its `fetchProtectedResource()`.
 */
export const openidClientDriver: Driver = {
  name: 'openid-client',
  kind: 'other',
  description:
    'openid-client v6 Configuration (no discovery, client_secret_post) + clientCredentialsGrant() per call; no cache',
  caches: false,
  create(config) {
    const configuration = new oidc.Configuration(
      { issuer: config.baseUrl, token_endpoint: config.tokenUrl },
      config.clientId,
      config.clientSecret,
    );
    // The mock listens on plain HTTP on 127.0.0.1.
    oidc.allowInsecureRequests(configuration);

    const getToken = async (): Promise<string> =>
      (await oidc.clientCredentialsGrant(configuration)).access_token;

    const fetchResource: FetchLike = async (input, init) => {
      const request = new Request(input, init);
      const body = request.body === null ? undefined : await request.arrayBuffer();
      return oidc.fetchProtectedResource(
        configuration,
        await getToken(),
        new URL(request.url),
        request.method,
        body,
        new Headers(request.headers),
      );
    };

    return { getToken, fetch: fetchResource, close: () => Promise.resolve() };
  },
};
