// many-merchants.mjs — run with: node many-merchants.mjs
/* global console */
import { TokenPool } from '@adumo-oauth/core';
import { mockMerchants, startMockAdumo } from '@adumo-oauth/mock-server';

// A local Adumo look-alike that accepts 100 merchants (merchant-1 … merchant-100), and a Map
// standing in for your database or vault of per-merchant credentials.
const mock = await startMockAdumo({ merchants: { count: 100 } });
const db = new Map(mockMerchants(100).map((m) => [m.merchantId, m]));

const pool = new TokenPool({
  baseUrl: mock.baseUrl,
  // Called once per merchant kept in memory; undefined means "no such merchant".
  credentials: async (merchantId) => db.get(merchantId), // { clientId, clientSecret }
  maxMerchants: 10_000,
});

// 300 concurrent calls over 100 merchants: one credentials lookup and one token request each.
const ids = [...db.keys()].flatMap((id) => [id, id, id]);
const tokens = await Promise.all(ids.map((id) => pool.getToken(id)));
const { requests, credentialLookups, merchants } = pool.stats();
console.log('calls:', tokens.length, 'token requests:', requests, 'lookups:', credentialLookups);
console.log('merchant-7 got a token for', tokens[18].claims.client_id, 'merchants:', merchants);

// An unknown merchant is an error for that merchant only.
await pool.getToken('merchant-999').catch((error) => console.log('merchant-999:', error.code));
console.log('health:', pool.health().state, pool.health('merchant-7').state);
await pool.close();
await mock.close();
