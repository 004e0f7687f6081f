import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CLIENT, type MockAdumo } from '@adumo-oauth/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runNode } from './child-process';
import { issuedByClient, MERCHANT_B, startMock, type Payment } from './support';

const here = dirname(fileURLToPath(import.meta.url));
let mock: MockAdumo;
let env: Record<string, string>;

beforeAll(async () => {
  for (const file of ['index.cjs', 'index.mjs']) {
    if (!existsSync(join(here, '..', 'dist', file))) {
      throw new Error(`dist/${file} is missing: run the package build first`);
    }
  }
  mock = await startMock();
  env = {
    ADUMO_BASE_URL: mock.baseUrl,
    ADUMO_CLIENT_ID: DEFAULT_CLIENT.clientId,
    ADUMO_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
    MERCHANT_B_ID: MERCHANT_B.clientId,
    MERCHANT_B_SECRET: MERCHANT_B.clientSecret,
  };
});
afterAll(() => mock?.close());
beforeEach(() => mock.stats.reset());

async function post(url: string, merchantReference: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ amount: 1500, merchantReference }),
  });
  return { status: res.status, json: (await res.json()) as Payment };
}

describe('the built dist', () => {
  it('require()s into a CommonJS Nest 11 HTTP app compiled without decorator metadata', async () => {
    const app = runNode(join(here, 'fixtures', 'cjs-app.cjs'), env);
    try {
      await expect
        .poll(() => app.output().stdout + app.output().stderr, { timeout: 20_000, interval: 50 })
        .toMatch(/listening on \d+|Error/);
      const port = /listening on (\d+)/.exec(app.output().stdout)?.[1];
      expect(port, app.output().stderr).toBeDefined();
      const base = `http://127.0.0.1:${port}`;
      const [a1, a2, a3, b1] = await Promise.all([
        post(`${base}/pay`, 'a1'),
        post(`${base}/pay`, 'a2'),
        post(`${base}/pay`, 'a3'),
        post(`${base}/pay-b`, 'b1'),
      ]);
      expect([a1, a2, a3, b1].map((r) => [r.status, r.json.status])).toEqual(
        Array(4).fill([201, 200]),
      );
      expect([a1, a2, a3].map((r) => r.json.body.clientId)).toEqual(
        Array(3).fill(DEFAULT_CLIENT.clientId),
      );
      expect(b1.json.body.clientId).toBe(MERCHANT_B.clientId);
      expect(issuedByClient(mock)).toEqual({
        [DEFAULT_CLIENT.clientId]: 1,
        [MERCHANT_B.clientId]: 1,
      });
    } finally {
      const exit = await app.stop();
      expect(app.output().stderr).toBe('');
      expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
    }
  }, 30_000);

  it('imports from ESM (dist/index.mjs) with the same TokenManager class as the core', async () => {
    const program = runNode(join(here, 'fixtures', 'esm-app.mjs'), env);
    const exit = await program.exited;
    const { stdout, stderr } = program.output();
    expect(stderr).toBe('');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(JSON.parse(stdout.trim())).toEqual({
      sameClass: true,
      injectedByType: true,
      isManager: true,
      status: 200,
      clientId: DEFAULT_CLIENT.clientId,
    });
    expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 1, apiCalls: 1 });
  }, 30_000);

  it('works without axios and its Nest module installed; http: true then names what to install', async () => {
    const program = runNode(join(here, 'fixtures', 'no-axios-app.cjs'), env);
    const exit = await program.exited;
    const { stdout, stderr } = program.output();
    expect(stderr).toBe('');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(JSON.parse(stdout.trim())).toEqual({
      status: 200,
      attemptedWithoutHttp: 0,
      httpError:
        'AdumoOAuthModule: http: true needs the optional peer dependencies @nestjs/axios, axios, ' +
        '@adumo-oauth/axios; install them: npm install @nestjs/axios axios @adumo-oauth/axios',
    });
  }, 30_000);
});
