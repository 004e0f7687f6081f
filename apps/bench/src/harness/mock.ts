import { DEFAULT_CLIENT, startMockAdumo } from '@adumo-oauth/mock-server';

/** What one scenario run needs from the mock Adumo server. */
export interface MockOptions {
  /** Lifetime of the tokens the mock issues (Adumo's real client sends 599999). */
  readonly tokenLifetimeSeconds?: number | undefined;
  /**
   * Also accept the mock's generated merchants `merchant-1` … `merchant-<merchants>` (secret
   * `merchantSecret(id)`), without a list in memory (many-merchants scenario).
   */
  readonly merchants?: number | undefined;
}

/** The mock's counters that the scenarios read. */
export interface MockCounts {
  readonly tokenRequests: number;
  /** API answers by HTTP status, e.g. `{ "200": 812, "401": 3 }`. */
  readonly apiCallsByStatus: Readonly<Record<string, number>>;
}

/** A running mock server, in this process or in a child process (same operations either way). */
export interface MockHandle {
  readonly baseUrl: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  counts(): Promise<MockCounts>;
  resetCounts(): Promise<void>;
  /** Delay every token response by `ms`. */
  tokenLatency(ms: number): Promise<void>;
  /** Answer token requests with `status` for `durationMs`. */
  failTokenRequests(status: number, durationMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts mock servers; each scenario/driver pair gets a fresh one so nothing leaks between them. */
export type MockFactory = (options?: MockOptions) => Promise<MockHandle>;

/** Start a mock in this process (used by the tests, and by `--mock=inprocess`). */
export const startInProcessMock: MockFactory = async (options = {}) => {
  const client = {
    ...DEFAULT_CLIENT,
    ...(options.tokenLifetimeSeconds === undefined
      ? {}
      : { tokenLifetimeSeconds: options.tokenLifetimeSeconds }),
  };
  const mock = await startMockAdumo({
    clients: [client],
    ...(options.merchants === undefined ? {} : { merchants: { count: options.merchants } }),
  });
  return {
    baseUrl: mock.baseUrl,
    tokenUrl: mock.tokenUrl,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    counts: () => {
      const snapshot = mock.stats.snapshot();
      return Promise.resolve({
        tokenRequests: snapshot.tokenRequests,
        apiCallsByStatus: { ...snapshot.apiCallsByStatus },
      });
    },
    resetCounts: () => Promise.resolve(mock.stats.reset()),
    tokenLatency: (ms) => Promise.resolve(void mock.faults.latency(ms, { target: 'token' })),
    failTokenRequests: (status, durationMs) =>
      Promise.resolve(void mock.faults.failTokenRequests({ status, durationMs })),
    close: () => mock.close(),
  };
};
