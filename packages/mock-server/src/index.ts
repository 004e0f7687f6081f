export { startMockAdumo } from './server';
export { ADUMO_AUTHORITIES, DEFAULT_CLIENT } from './authorities';
export { CARD_PATHS } from './api/routes';
export { TOKEN_FAULT_KINDS } from './faults';
export { DEFAULT_MERCHANT_PREFIX, merchantSecret, mockMerchants } from './merchants';
export type { MockMerchant, MockMerchantsOptions } from './merchants';
export type {
  FailTokenRequestsOptions,
  LatencyTarget,
  MockAdumo,
  MockAdumoOptions,
  MockClient,
  MockClientConfig,
  MockClients,
  MockFaults,
  MockStats,
  MockStatsSnapshot,
  TokenFaultKind,
} from './types';
