// quick-start.mjs — run with: node quick-start.mjs
/* global console, fetch */
import { TokenManager } from '@adumo-oauth/core';
import { DEFAULT_CLIENT, startMockAdumo } from '@adumo-oauth/mock-server';

// A local Adumo look-alike. Against Adumo itself use `baseUrl: ADUMO_HOSTS.staging` (or
// `.production`), or `TokenManager.fromEnv()` with ADUMO_BASE_URL / ADUMO_CLIENT_ID / ADUMO_CLIENT_SECRET.
const mock = await startMockAdumo();
const tokens = new TokenManager({
  baseUrl: mock.baseUrl,
  clientId: DEFAULT_CLIENT.clientId,
  clientSecret: DEFAULT_CLIENT.clientSecret,
  logger: console, // silent without a logger; never prints the secret or a whole token
});
tokens.on('refreshError', ({ error, staleUntil }) => console.warn(error.code, staleUntil));

// Concurrent callers share one token request.
const [token, same] = await Promise.all([tokens.getToken(), tokens.getToken()]);
console.log(`${token}`, token === same, token.hasAuthority('AUTHORISE_CARD_TRANSACTION'));

const res = await fetch(`${mock.baseUrl}/products/payments/v1/card/initiate`, {
  method: 'POST',
  headers: { Authorization: `Bearer ${token.value}`, 'Content-Type': 'application/json' },
  body: JSON.stringify({ amount: 1500, merchantReference: 'order-1' }),
});
console.log('initiate:', res.status, 'token requests:', tokens.stats().requests);
await mock.close();
