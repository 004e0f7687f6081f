import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { readmeBlock, runnableSource, runToEnd } from '../src/run';

// The runnable blocks that no package's own tests run (those run the rest: see README.md).
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const root = join(packageDir, '..', '..');

let mock: MockAdumo;
let env: Record<string, string>;
beforeAll(async () => {
  mock = await startMockAdumo();
  env = {
    ADUMO_BASE_URL: mock.baseUrl,
    ADUMO_CLIENT_ID: DEFAULT_CLIENT.clientId,
    ADUMO_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
  };
});
afterAll(() => mock.close());

describe('README blocks run against the mock server', () => {
  it('the root README’s Usage block: the manager and the fetch from the environment, nothing requested yet', async () => {
    const block = readmeBlock(join(root, 'README.md'), { lang: 'ts', section: 'Usage' });
    const result = await runToEnd(runnableSource(block), {
      dir: packageDir,
      env,
      timeoutMs: 15_000,
    });
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(mock.stats.snapshot().tokenRequests).toBe(0);
  }, 30_000);

  it('the core README’s Worker: its fetch handler answers with the token’s expiry, one token request for two requests', async () => {
    const block = readmeBlock(join(root, 'packages/core/README.md'), {
      lang: 'js',
      section: 'Runtimes',
    });
    // The block verbatim as the Worker module; the platform's part (bindings, ctx.waitUntil) here.
    const worker = join(packageDir, `.readme-example-worker-${process.pid}.mjs`);
    writeFileSync(worker, runnableSource(block));
    const platform = `
      const { default: worker } = await import(${JSON.stringify(`./${worker.split('/').pop()}`)});
      const env = { ADUMO_BASE_URL: process.env.ADUMO_BASE_URL, ADUMO_CLIENT_ID: process.env.ADUMO_CLIENT_ID, ADUMO_CLIENT_SECRET: process.env.ADUMO_CLIENT_SECRET };
      const pending = [];
      const ctx = { waitUntil: (p) => pending.push(p) };
      for (let i = 0; i < 2; i++) {
        const res = await worker.fetch(new Request('http://worker.test/'), env, ctx);
        console.log(res.status, await res.text());
      }
      await Promise.all(pending);
    `;
    try {
      const result = await runToEnd(platform, { dir: packageDir, env, timeoutMs: 15_000 });
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/^(200 token valid until \d{4}-\d\d-\d\dT\S+Z\n){2}$/);
      expect(result.code).toBe(0);
      expect(mock.stats.snapshot().tokenRequests).toBe(1);
    } finally {
      rmSync(worker, { force: true });
    }
  }, 30_000);
});
