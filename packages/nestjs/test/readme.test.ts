import {
  DEFAULT_CLIENT,
  mockMerchants,
  startMockAdumo,
  type MockAdumo,
} from '@adumo-oauth/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readmePrograms, runReadmeProgram } from './readme-example';
import { issuedByClient, MERCHANT_B, startMock } from './support';

let mock: MockAdumo;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock?.close());
beforeEach(() => mock.stats.reset());

async function started(program: ReturnType<typeof runReadmeProgram>): Promise<string> {
  await expect
    .poll(() => program.output().stdout + program.output().stderr, {
      timeout: 20_000,
      interval: 50,
    })
    .toMatch(/listening on port \d+|Error/);
  const port = /listening on port (\d+)/.exec(program.output().stdout)?.[1];
  expect(port, program.output().stderr).toBeDefined();
  return `http://127.0.0.1:${port}`;
}

async function post(url: string, body: unknown) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('README', () => {
  it('has five runnable programs', () => {
    expect(readmePrograms()).toHaveLength(5);
  });

  it('example 1 (forRootAsync with ConfigService) runs verbatim and pays', async () => {
    const program = runReadmeProgram(0, {
      ADUMO_BASE_URL: mock.baseUrl,
      ADUMO_CLIENT_ID: DEFAULT_CLIENT.clientId,
      ADUMO_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
      PORT: '0',
    });
    try {
      const url = await started(program);
      const payments = await Promise.all(
        [1, 2, 3].map((i) =>
          post(`${url}/payments/initiate`, { amount: 100 * i, merchantReference: `order-${i}` }),
        ),
      );
      expect(payments.map((p) => [p.status, p.json['status'], p.json['amount']])).toEqual([
        [201, 'INITIATED', 100],
        [201, 'INITIATED', 200],
        [201, 'INITIATED', 300],
      ]);
      const info = await fetch(`${url}/payments/token-info`);
      expect(info.status).toBe(200);
      const text = await info.text();
      expect(JSON.parse(text)).toMatchObject({ scope: ['read'] });
      expect(text).not.toMatch(/eyJ/); // no JWT in the answer
      expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 1, apiCalls: 3 });
    } finally {
      const exit = await program.stop();
      expect(program.output().stderr).toBe('');
      expect(exit.signal ?? exit.code).toBe('SIGTERM');
    }
  }, 30_000);

  it('example 2 (named clients) runs verbatim and pays for each merchant with its own token', async () => {
    const program = runReadmeProgram(1, {
      ADUMO_BASE_URL: mock.baseUrl,
      ACME_CLIENT_ID: DEFAULT_CLIENT.clientId,
      ACME_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
      GLOBEX_CLIENT_ID: MERCHANT_B.clientId,
      GLOBEX_CLIENT_SECRET: MERCHANT_B.clientSecret,
      PORT: '0',
    });
    try {
      const url = await started(program);
      const [acme, globex, globex2, unknown] = await Promise.all([
        post(`${url}/merchants/acme/payments`, { amount: 1, merchantReference: 'a' }),
        post(`${url}/merchants/globex/payments`, { amount: 2, merchantReference: 'g' }),
        post(`${url}/merchants/globex/payments`, { amount: 3, merchantReference: 'g2' }),
        post(`${url}/merchants/nobody/payments`, { amount: 4, merchantReference: 'n' }),
      ]);
      expect(acme.json['clientId']).toBe(DEFAULT_CLIENT.clientId);
      expect([globex.json['clientId'], globex2.json['clientId']]).toEqual([
        MERCHANT_B.clientId,
        MERCHANT_B.clientId,
      ]);
      expect(unknown.status).toBe(404);
      expect(issuedByClient(mock)).toEqual({
        [DEFAULT_CLIENT.clientId]: 1,
        [MERCHANT_B.clientId]: 1,
      });
      expect(mock.stats.snapshot().apiCalls).toBe(3);
    } finally {
      await program.stop();
      expect(program.output().stderr).toBe('');
    }
  }, 30_000);

  it('example 3 (the Adumo HttpService) runs verbatim and pays with one token', async () => {
    const program = runReadmeProgram(programWith('the Adumo HttpService'), {
      ADUMO_BASE_URL: mock.baseUrl,
      ADUMO_CLIENT_ID: DEFAULT_CLIENT.clientId,
      ADUMO_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
      PORT: '0',
    });
    try {
      const url = await started(program);
      const payments = await Promise.all(
        [1, 2, 3].map((i) => post(`${url}/payments`, { amount: i, merchantReference: `h-${i}` })),
      );
      expect(payments.map((p) => [p.status, p.json['status'], p.json['amount']])).toEqual([
        [201, 'INITIATED', 1],
        [201, 'INITIATED', 2],
        [201, 'INITIATED', 3],
      ]);
      expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 1, apiCalls: 3 });
    } finally {
      await program.stop();
      expect(program.output().stderr).toBe('');
    }
  }, 30_000);

  it('example 4 (Terminus health check) runs verbatim: 200 with a token, 503 after a refused secret', async () => {
    const get = async (url: string) => {
      const res = await fetch(url);
      const text = await res.text();
      return { status: res.status, text, json: JSON.parse(text) as Record<string, unknown> };
    };
    const good = runReadmeProgram(programWith('GET /health'), {
      ADUMO_BASE_URL: mock.baseUrl,
      ADUMO_CLIENT_ID: DEFAULT_CLIENT.clientId,
      ADUMO_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
      PORT: '0',
    });
    try {
      const url = await started(good);
      const empty = await get(`${url}/health`);
      expect([empty.status, empty.json['status']]).toEqual([200, 'ok']);
      expect((await get(`${url}/token-info`)).status).toBe(200);
      const ok = await get(`${url}/health`);
      expect(ok.status).toBe(200);
      expect(ok.json['info']).toMatchObject({ 'adumo-oauth': { status: 'up', state: 'ok' } });
      expect(ok.text).not.toMatch(/eyJ/);
    } finally {
      await good.stop();
      expect(good.output().stderr).toBe('');
    }

    const wrongSecret = 'not-the-secret/+=';
    const refused = runReadmeProgram(programWith('GET /health'), {
      ADUMO_BASE_URL: mock.baseUrl,
      ADUMO_CLIENT_ID: DEFAULT_CLIENT.clientId,
      ADUMO_CLIENT_SECRET: wrongSecret,
      PORT: '0',
    });
    try {
      const url = await started(refused);
      expect((await get(`${url}/token-info`)).status).toBe(500);
      const down = await get(`${url}/health`);
      expect(down.status).toBe(503);
      expect(down.json['error']).toEqual({
        'adumo-oauth': {
          status: 'down',
          state: 'failing',
          consecutiveFailures: 1,
          lastErrorCode: 'token_endpoint',
          lastErrorStatus: 401,
          retryAt: expect.any(Number) as number,
        },
      });
      expect(down.text).not.toContain(wrongSecret);
      expect(down.text).not.toContain(encodeURIComponent(wrongSecret));
    } finally {
      await refused.stop();
      const { stdout, stderr } = refused.output();
      expect(stdout + stderr).not.toContain(wrongSecret);
      expect(stdout + stderr).not.toContain(encodeURIComponent(wrongSecret));
    }
  }, 40_000);

  it('the "many merchants" program runs verbatim: own token per merchant, 404 for unknown', async () => {
    const merchantsMock = await startMockAdumo({ merchants: { count: 3 } });
    const merchants = mockMerchants(3);
    const program = runReadmeProgram(programWith('many merchants'), {
      ADUMO_BASE_URL: merchantsMock.baseUrl,
      ADUMO_MERCHANTS: JSON.stringify(
        Object.fromEntries(merchants.map(({ merchantId, ...c }) => [merchantId, c])),
      ),
      PORT: '0',
    });
    try {
      const url = await started(program);
      const ids = merchants.map((m) => m.merchantId);
      const answers = await Promise.all(
        [...ids, ...ids].map((id) =>
          post(`${url}/merchants/${id}/pay`, { amount: 1, merchantReference: id }),
        ),
      );
      expect(answers.map((a) => [a.status, a.json['clientId']])).toEqual(
        [...ids, ...ids].map((id) => [201, id]),
      );
      const unknown = await post(`${url}/merchants/merchant-77/pay`, { amount: 1 });
      expect(unknown).toMatchObject({ status: 404, json: { code: 'unknown_merchant' } });
      const stats = merchantsMock.stats.snapshot();
      expect(stats.tokenRequests).toBe(3);
      expect(stats.apiCallsByClient).toEqual({ 'merchant-1': 2, 'merchant-2': 2, 'merchant-3': 2 });
    } finally {
      await program.stop();
      await merchantsMock.close();
      expect(program.output().stderr).toBe('');
    }
  }, 30_000);
});

/** The index of the README program whose first line mentions `text`. */
function programWith(text: string): number {
  const index = readmePrograms().findIndex((p) => p.split('\n', 1)[0]!.includes(text));
  if (index < 0) throw new Error(`no README program about ${text}`);
  return index;
}
