import { afterEach, describe, expect, it } from 'vitest';
import { adumoDriver } from '../src/drivers/adumo';
import { idealDriver } from '../src/drivers/ideal';
import { startInProcessMock } from '../src/harness/mock';
import {
  BIG_DESCRIPTION_BYTES,
  REFUSAL,
  startRefusingEndpoint,
  type RefusingEndpoint,
} from '../src/harness/refusing-endpoint';
import { failureCostScenario } from '../src/scenarios/failure-cost';
import { SMOKE_SIZES } from '../src/scenarios/sizes';
import type { ScenarioContext } from '../src/scenarios/types';

const context: ScenarioContext = {
  startMock: startInProcessMock,
  sizes: SMOKE_SIZES,
  load: () => Promise.reject(new Error('not used')),
  smoke: true,
};

describe('refusing endpoint', () => {
  let endpoint: RefusingEndpoint | undefined;
  afterEach(async () => {
    await endpoint?.stop();
    endpoint = undefined;
  });

  it('refuses every POST with a 401 in its own process and counts them', async () => {
    endpoint = await startRefusingEndpoint();
    const post = (path: string): Promise<Response> =>
      fetch(`${endpoint?.origin}${path}/oauth/token?grant_type=client_credentials`, {
        method: 'POST',
      });
    const normal = await post('/normal');
    expect(normal.status).toBe(401);
    expect(await normal.json()).toEqual(REFUSAL);
    const big = await post('/big');
    expect(big.status).toBe(401);
    const body = (await big.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_client');
    expect(body.error_description).toHaveLength(BIG_DESCRIPTION_BYTES);
    expect(await endpoint.requests()).toBe(2);
  });
});

describe('failure cost scenario', () => {
  it(
    'measures ours with one request per call and leaves the other drivers n/a',
    {
      timeout: 30_000,
    },
    async () => {
      const values = await failureCostScenario.run(adumoDriver, context);
      const s = SMOKE_SIZES.failureCost;
      expect(values['normalCalls']).toBe(s.normal);
      expect(values['bigCalls']).toBe(s.big);
      expect(values['poolCalls']).toBe(s.pool);
      for (const metric of failureCostScenario.metrics)
        expect(Number.isFinite(values[metric.key]), metric.key).toBe(true);
      expect(values['normalLibraryMs']).toBeCloseTo(
        (values['normalOursMs'] ?? 0) - (values['normalFloorMs'] ?? 0),
      );

      const other = await failureCostScenario.run(idealDriver, context);
      expect(Object.values(other).every(Number.isNaN)).toBe(true);
    },
  );
});
