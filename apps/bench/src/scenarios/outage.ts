import { jwtExpiry } from '../drivers/request-token';
import { callApi } from '../harness/api';
import { sleep } from '../harness/stats';
import { withDriver } from '../harness/with-driver';
import type { Scenario } from './types';

/** 5. The token endpoint fails while a still-valid token is cached. */
export const outageScenario: Scenario = {
  id: 'outage',
  title: '5. token endpoint outage',
  description:
    'Tokens live 4 s. One token is fetched; the token endpoint then answers 503 for 2 s, ending ' +
    '0.5 s before that token’s JWT `exp` (late in its life, where refresh-ahead clients try to ' +
    'refresh), while sequential API calls run from the start of the outage until 0.25 s before ' +
    '`exp`, so the cached token is valid throughout. Failed calls: thrown or non-2xx.',
  metrics: [
    {
      key: 'failed',
      label: 'failed calls',
      unit: 'count',
      better: 'lower',
      decimals: 0,
      target: { text: '0', met: (ours) => ours === 0 },
    },
    { key: 'calls', label: 'calls made', unit: 'count', better: 'higher', decimals: 0 },
    { key: 'tokenRequests', label: 'token requests', unit: 'count', better: 'lower', decimals: 0 },
  ],
  run: (driver, { startMock, sizes }) =>
    withDriver(
      driver,
      startMock,
      { tokenLifetimeSeconds: sizes.outage.lifetimeSeconds },
      async (instance, mock) => {
        const { outageMs, outageEndsBeforeExpiryMs, callsEndBeforeExpiryMs } = sizes.outage;
        // Wall clock on purpose: the mock checks `exp` (epoch seconds) against its own Date.now().
        const expiresAt = jwtExpiry(await instance.getToken());
        if (!Number.isFinite(expiresAt)) throw new Error('the mock issued a token without exp');
        const outageStart = expiresAt - outageEndsBeforeExpiryMs - outageMs;
        const callsEnd = expiresAt - callsEndBeforeExpiryMs;
        if (outageStart < Date.now())
          throw new Error('token too short-lived for the outage window');
        await sleep(outageStart - Date.now());
        await mock.resetCounts();
        await mock.failTokenRequests(503, outageMs);
        let calls = 0;
        let failed = 0;
        while (Date.now() < callsEnd) {
          const status = await callApi(instance.fetch, mock.baseUrl);
          calls++;
          if (status < 200 || status > 299) failed++;
        }
        const counts = await mock.counts();
        return { failed, calls, tokenRequests: counts.tokenRequests };
      },
    ),
};
