import { callApi } from '../harness/api';
import { nowMs, sleep } from '../harness/stats';
import { withDriver } from '../harness/with-driver';
import type { Scenario } from './types';

/** 5. The token endpoint fails while a still-valid token is cached. */
export const outageScenario: Scenario = {
  id: 'outage',
  title: '5. token endpoint outage',
  description:
    'Tokens live 4 s. One token is fetched; 1.5 s later the token endpoint answers 503 for 2 s ' +
    '(late in the token’s life, where refresh-ahead libraries try to refresh) while sequential ' +
    'API calls continue until 3.75 s, before the cached token expires. Failed calls: thrown or ' +
    'non-2xx.',
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
        const { idleMs, outageMs, tailMs } = sizes.outage;
        const issuedAt = nowMs();
        await instance.getToken();
        await sleep(idleMs - (nowMs() - issuedAt));
        await mock.resetCounts();
        await mock.failTokenRequests(503, outageMs);
        const end = issuedAt + idleMs + outageMs + tailMs;
        let calls = 0;
        let failed = 0;
        while (nowMs() < end) {
          const status = await callApi(instance.fetch, mock.baseUrl);
          calls++;
          if (status < 200 || status > 299) failed++;
        }
        const counts = await mock.counts();
        return { failed, calls, tokenRequests: counts.tokenRequests };
      },
    ),
};
