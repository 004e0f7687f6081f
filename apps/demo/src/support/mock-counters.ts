import type { MockAdumo, MockStatsSnapshot } from '@adumo-oauth/mock-server';

/** What the mock saw between two snapshots. */
export interface MockDelta {
  /** Card/product API calls, all statuses. */
  readonly apiCalls: number;
  /** Product API answers per HTTP status. */
  readonly apiCallsByStatus: Record<string, number>;
  /** Token requests per outcome (`issued`, `fault:http-503`, …) for one client. */
  readonly tokenOutcomes: Record<string, number>;
}

/**
 * Start counting what the mock sees; call the returned function to get the difference. The
 * mock's counters are the ground truth for "was a request sent with an expired token?".
 */
export function countMock(mock: MockAdumo, clientId: string): () => MockDelta {
  const before = mock.stats.snapshot();
  return () => {
    const after = mock.stats.snapshot();
    return {
      apiCalls: after.apiCalls - before.apiCalls,
      apiCallsByStatus: diff(after.apiCallsByStatus, before.apiCallsByStatus),
      tokenOutcomes: diff(clientOutcomes(after, clientId), clientOutcomes(before, clientId)),
    };
  };
}

function clientOutcomes(s: MockStatsSnapshot, clientId: string): Record<string, number> {
  return s.tokenRequestsByClient[clientId] ?? {};
}

function diff(
  after: Record<string, number>,
  before: Record<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    const delta = value - (before[key] ?? 0);
    if (delta !== 0) out[key] = delta;
  }
  return out;
}
