import { afterEach, describe, expect, it } from 'vitest';
import { DRIVERS } from '../src/drivers/index';
import type { DriverInstance } from '../src/drivers/types';
import { callApi } from '../src/harness/api';
import { startInProcessMock, type MockHandle } from '../src/harness/mock';
import { configFor } from '../src/harness/with-driver';

describe.each(DRIVERS.map((d) => [d.name, d] as const))('driver %s', (_name, driver) => {
  let mock: MockHandle | undefined;
  let instance: DriverInstance | undefined;

  afterEach(async () => {
    await instance?.close();
    await mock?.close();
    instance = undefined;
    mock = undefined;
  });

  it(
    'gets a token from the mock and makes an authorized API call with it',
    { timeout: 20_000 },
    async () => {
      mock = await startInProcessMock();
      instance = driver.create(configFor(mock));

      const token = await instance.getToken();
      expect(token.split('.')).toHaveLength(3); // the mock issues JWTs
      const status = await callApi(instance.fetch, mock.baseUrl);
      expect(status).toBe(200);

      const counts = await mock.counts();
      expect(counts.apiCallsByStatus['200']).toBe(1);
      // Caching drivers reuse the first token for the API call; the others request a second one.
      expect(counts.tokenRequests).toBe(driver.caches ? 1 : 2);
    },
  );
});
