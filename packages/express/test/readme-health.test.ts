import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The README's `// health.ts` block, verbatim, compiled to ESM; on Express 4 its one `express` import is the 4.17 alias. */
function healthExample(express: 'express' | 'express4'): string {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const code = /```ts\n(\/\/ health\.ts[\s\S]*?)```/.exec(readme)?.[1];
  if (code === undefined) throw new Error('README.md has no // health.ts example');
  const source = code.replace("from 'express';", `from '${express}';`);
  expect(source.match(new RegExp(`from '${express}';`, 'g'))).toHaveLength(1);
  return ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
}

/** Run it as a user would (the BUILT package by name) until `stop()`; the file is removed then. */
function run(express: 'express' | 'express4', env: Record<string, string>) {
  const file = join(packageDir, 'test', `.readme-example-health-${process.pid}-${express}.mjs`);
  writeFileSync(file, healthExample(express));
  const child = spawn(process.execPath, [file], {
    env: { ...process.env, ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    output: () => out,
    async url(): Promise<string> {
      await expect
        .poll(() => out, { timeout: 20_000, interval: 50 })
        .toMatch(/listening on port \d+|Error/);
      const port = /listening on port (\d+)/.exec(out)?.[1];
      expect(port, out).toBeDefined();
      return `http://127.0.0.1:${port}`;
    },
    async stop() {
      if (child.exitCode === null) child.kill();
      await exited;
      rmSync(file, { force: true });
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
