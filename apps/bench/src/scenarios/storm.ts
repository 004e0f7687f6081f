import { DEFAULT_CLIENT, startMockAdumo } from '@adumo-oauth/mock-server';
import { nowMs } from '../harness/stats';
import type { Scenario } from './types';

const WRONG_SECRET = `${DEFAULT_CLIENT.clientSecret}-rotated`;
const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * 8. A wrong client secret under load, then the endpoint fixed. The mock runs in this process
 * (so the scenario can accept the new secret mid-run); only counts and coarse times are read.
 */
export const stormScenario: Scenario = {
  id: 'storm',
  title: '8. error storm (wrong secret)',
  description:
    'The client has a wrong secret (Adumo answers 401 invalid_client). 50 caller loops call ' +
    '`getToken()` back to back (yielding to I/O between calls) for 10 s: token requests the ' +
    'mock received, calls answered (all of them fail), the slowest call. Then the mock accepts ' +
    'the secret (the endpoint is fixed) and the loops go on until one caller gets a token: the ' +
    'time from the fix to that token.',
  metrics: [
    {
      key: 'tokenRequests',
      label: 'token requests in 10 s (wrong secret)',
      unit: 'count',
      better: 'lower',
      decimals: 0,
      target: { text: '≤ 15', met: (ours) => ours <= 15 },
    },
    { key: 'answered', label: 'calls answered', unit: 'count', better: 'higher', decimals: 0 },
    {
      key: 'succeeded',
      label: 'calls that got a token (wrong secret)',
      unit: 'count',
      better: 'lower',
      decimals: 0,
    },
    { key: 'worstCallMs', label: 'slowest call', unit: 'ms', better: 'lower', decimals: 0 },
    {
      key: 'recoveryMs',
      label: 'endpoint fixed → first token',
      unit: 'ms',
      better: 'lower',
      decimals: 0,
      target: { text: '≤ 10,000 (cooldown cap)', met: (ours) => ours <= 10_000 },
    },
  ],
  run: async (driver, { sizes }) => {
    const { callers, durationMs, fixWaitMs } = sizes.storm;
    const mock = await startMockAdumo();
    const instance = driver.create({
      baseUrl: mock.baseUrl,
      tokenUrl: mock.tokenUrl,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: WRONG_SECRET,
    });
    try {
      let answered = 0;
      let succeeded = 0;
      let worstCallMs = 0;
      const phase: { fixedAt?: number } = {};
      let recoveredAt: number | undefined;
      const stormEnd = nowMs() + durationMs;
      const loop = async (): Promise<void> => {
        // Storm phase, then (after the fix) until a token arrives or the wait is over.
        for (;;) {
          const now = nowMs();
          const { fixedAt } = phase;
          if (fixedAt === undefined && now >= stormEnd) return;
          if (fixedAt !== undefined && (recoveredAt !== undefined || now >= fixedAt + fixWaitMs))
            return;
          const started = nowMs();
          let ok = false;
          try {
            await instance.getToken();
            ok = true;
          } catch {
            // the expected failure (wrong secret)
          }
          const took = nowMs() - started;
          if (phase.fixedAt === undefined) {
            answered++;
            worstCallMs = Math.max(worstCallMs, took);
            if (ok) succeeded++;
          } else if (ok && recoveredAt === undefined) recoveredAt = nowMs();
          await yieldToIo();
        }
      };
      await Promise.all(Array.from({ length: callers }, loop));
      const tokenRequests = mock.stats.tokenRequests;
      mock.clients.update(DEFAULT_CLIENT.clientId, { clientSecret: WRONG_SECRET });
      const fixedAt = nowMs();
      phase.fixedAt = fixedAt;
      await Promise.all(Array.from({ length: callers }, loop));
      const recoveryMs = recoveredAt === undefined ? Number.NaN : recoveredAt - fixedAt;
      return { tokenRequests, answered, succeeded, worstCallMs, recoveryMs };
    } finally {
      await instance.close();
      await mock.close();
    }
  },
};
