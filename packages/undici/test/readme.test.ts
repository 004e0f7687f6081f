import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT, startMockAdumo } from '@adumo-oauth/mock-server';
import { runReadmeExample } from './readme-example';

describe('README example', () => {
  it('runs verbatim against the mock server: fetch and undici.request, one token', async () => {
    const mock = await startMockAdumo();
    const example = runReadmeExample({
      ADUMO_BASE_URL: mock.baseUrl,
      ADUMO_CLIENT_ID: DEFAULT_CLIENT.clientId,
      ADUMO_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
    });
    try {
      expect(await example.exited).toBe(0);
      expect(example.output().stderr).toBe('');
      expect(example.output().stdout).toMatch(/^200 200 /);
      expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 1, apiCalls: 2 });
    } finally {
      await example.stop();
      await mock.close();
    }
  }, 30_000);

  it('reports the typed error, and sends nothing, when the credentials are refused', async () => {
    const mock = await startMockAdumo();
    const example = runReadmeExample({
      ADUMO_BASE_URL: mock.baseUrl,
      ADUMO_CLIENT_ID: DEFAULT_CLIENT.clientId,
      ADUMO_CLIENT_SECRET: 'not-the-secret',
    });
    try {
      expect(await example.exited).toBe(0);
      expect(example.output().stderr).toMatch(/^token_endpoint /);
      expect(example.output().stderr).not.toContain('not-the-secret');
      expect(mock.stats.snapshot().apiCalls).toBe(0);
    } finally {
      await example.stop();
      await mock.close();
    }
  }, 30_000);
});
