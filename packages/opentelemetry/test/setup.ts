import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { TokenManager, type TokenManagerOptions } from '@adumo-oauth/core';

/** A client whose secret changes under URL encoding, so sweeps can look for every form of it. */
export const CLIENT = {
  clientId: 'otel-client',
  clientSecret: 'S3cr3t/+=&?% otel',
  tokenLifetimeSeconds: 600,
} as const;

/** A shared fake clock (epoch ms) for the mock and the manager. */
export function fakeClock(start = Date.UTC(2026, 0, 1)) {
  let at = start;
  return { now: () => at, advance: (ms: number) => void (at += ms) };
}

/** A real mock server on 127.0.0.1:0 that knows {@link CLIENT} and the default client. */
export function startMock(now?: () => number): Promise<MockAdumo> {
  return startMockAdumo({ clients: [CLIENT, DEFAULT_CLIENT], ...(now && { now }) });
}

/** A manager for {@link CLIENT} against `mock`, fast retries, quiet. */
export function manager(mock: MockAdumo, options: Partial<TokenManagerOptions> = {}): TokenManager {
  return new TokenManager({
    baseUrl: mock.baseUrl,
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
}
