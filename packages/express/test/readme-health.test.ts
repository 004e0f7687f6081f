import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { readmeBlock, runnableSource, runSource } from '../../../tools/readme-check/src/run';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The README's `// health.ts` block, verbatim, compiled to ESM; on Express 4 its one `express` import is the 4.17 alias. */
function healthExample(express: 'express' | 'express4'): string {
  const block = readmeBlock(join(packageDir, 'README.md'), { lang: 'ts', marker: '// health.ts' });
  const source = runnableSource(block).replace("from 'express';", `from '${express}';`);
  expect(source.match(new RegExp(`from '${express}';`, 'g'))).toHaveLength(1);
  return source;
}

/** Run it as a user would (the BUILT package by name) until `stop()`; the file is removed then. */
function run(express: 'express' | 'express4', env: Record<string, string>) {
  const running = runSource(healthExample(express), {
    dir: join(packageDir, 'test'),
    env: { ...env, PORT: '0' },
  });
  const out = () => running.output().stdout + running.output().stderr;
  return {
    output: out,
    async url(): Promise<string> {
      await expect
        .poll(out, { timeout: 20_000, interval: 50 })
        .toMatch(/listening on port \d+|Error/);
      const port = /listening on port (\d+)/.exec(out())?.[1];
      expect(port, out()).toBeDefined();
      return `http://127.0.0.1:${port}`;
    },
    async stop() {
      await running.stop();
    },
  };
}

async function get(url: string) {
  const res = await fetch(url);
  const text = await res.text();
  return {
    status: res.status,
    cache: res.headers.get('cache-control'),
    text,
    json: JSON.parse(text) as Record<string, unknown>,
  };
}

let mock: MockAdumo;
beforeAll(async () => {
  mock = await startMockAdumo();
});
afterAll(() => mock?.close());

describe.each([['Express 5', 'express'] as const, ['Express 4', 'express4'] as const])(
  'README health example on %s',
  (_name, express) => {
    it('answers 200 with the snapshot: empty, then ok after a token', async () => {
      const app = run(express, {
        ADUMO_BASE_URL: mock.baseUrl,
        ADUMO_CLIENT_ID: DEFAULT_CLIENT.clientId,
        ADUMO_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
      });
      try {
        const url = await app.url();
        const empty = await get(`${url}/health`);
        expect([empty.status, empty.cache, empty.json]).toEqual([
          200,
          'no-store',
          { state: 'empty', consecutiveFailures: 0 },
        ]);
        const info = await get(`${url}/payments/token-info`);
        expect(info.status).toBe(200);
        const ok = await get(`${url}/health`);
        expect(ok.status).toBe(200);
        expect(ok.json).toEqual({
          state: 'ok',
          expiresAt: Date.parse(String(info.json['expiresAt'])),
          consecutiveFailures: 0,
        });
        expect(ok.text).not.toMatch(/eyJ/);
      } finally {
        await app.stop();
      }
      expect(app.output()).not.toMatch(/Error/);
    }, 30_000);

    it('answers 503 with the failure after a refused secret, never the secret', async () => {
      const secret = 'wr0ng/+= secret';
      const app = run(express, {
        ADUMO_BASE_URL: mock.baseUrl,
        ADUMO_CLIENT_ID: DEFAULT_CLIENT.clientId,
        ADUMO_CLIENT_SECRET: secret,
      });
      try {
        const url = await app.url();
        expect((await get(`${url}/payments/token-info`)).status).toBe(502);
        const down = await get(`${url}/health`);
        expect(down.status).toBe(503);
        expect(down.json).toEqual({
          state: 'failing',
          consecutiveFailures: 1,
          lastErrorCode: 'token_endpoint',
          lastErrorStatus: 401,
          retryAt: expect.any(Number) as number,
        });
        for (const form of [secret, encodeURIComponent(secret)]) {
          expect(down.text).not.toContain(form);
        }
      } finally {
        await app.stop();
      }
      expect(app.output()).not.toContain(secret);
      expect(app.output()).not.toContain(encodeURIComponent(secret));
    }, 30_000);
  },
);
