import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_CLIENT,
  mockMerchants,
  startMockAdumo,
  type MockAdumo,
} from '@adumo-oauth/mock-server';
import { TokenManager, TokenPool, adumoInterceptor, isAdumoOAuthError } from '../src';
import { startRecordingServer } from '../../fetch/test/recording-server';
import { UNDICI_MAJORS, forNodeFetch } from './undici-versions';

type Server = Awaited<ReturnType<typeof startRecordingServer>>;

describe.each(UNDICI_MAJORS)('redirects on %s', (_name, undici) => {
  let mock: MockAdumo;
  let tokens: TokenManager;
  let other: Server; // another origin
  let api: Server; // an allowed origin that redirects to `other` (or to itself)

  beforeEach(async () => {
    mock = await startMockAdumo();
    tokens = new TokenManager({
      baseUrl: mock.baseUrl,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
    });
    other = await startRecordingServer(undefined, 'localhost');
    api = await startRecordingServer((req) =>
      req.url === '/away'
        ? { status: 302, headers: { location: `${other.url}/landing` } }
        : req.url === '/here'
          ? { status: 302, headers: { location: '/landed' } }
          : { status: 200, body: '{"ok":true}' },
    );
  });
  afterEach(async () => {
    await tokens.close();
    await Promise.all([other.close(), api.close(), mock.close()]);
  });

  const interceptor = () => adumoInterceptor(tokens, { allowedOrigins: [api.url] });
  const orders = {
    'redirect interceptor composed after ours': () =>
      new undici.Agent().compose(
        interceptor(),
        undici.interceptors.redirect({ maxRedirections: 3 }),
      ),
    'redirect interceptor composed before ours': () =>
      new undici.Agent().compose(
        undici.interceptors.redirect({ maxRedirections: 3 }),
        interceptor(),
      ),
  };

  it.each(Object.entries(orders))(
    'undici.request, %s: the other origin gets no token; a same-origin hop keeps it',
    async (_order, make) => {
      const agent = make();
      try {
        const away = await undici.request(`${api.url}/away`, { dispatcher: agent });
        expect(away.statusCode).toBe(200);
        await away.body.text();
        const here = await undici.request(`${api.url}/here`, { dispatcher: agent });
        expect(here.statusCode).toBe(200);
        await here.body.text();
      } finally {
        await agent.close();
      }
      expect(other.received.map((r) => [r.url, r.headers.authorization])).toEqual([
        ['/landing', undefined],
      ]);
      const sent = api.received.map((r) => [r.url, r.headers.authorization?.startsWith('Bearer ')]);
      expect(sent).toEqual([
        ['/away', true],
        ['/here', true],
        ['/landed', true],
      ]);
    },
  );

  it('fetch follows the redirect itself: each hop is decided anew, the other origin gets none', async () => {
    const agent = new undici.Agent().compose(interceptor());
    try {
      const res = await fetch(`${api.url}/away`, {
        dispatcher: forNodeFetch(undici, agent),
      } as RequestInit);
      expect(res.status).toBe(200);
      await res.body?.cancel();
    } finally {
      await agent.close();
    }
    expect(api.received.map((r) => r.headers.authorization?.startsWith('Bearer '))).toEqual([true]);
    expect(other.received.map((r) => r.headers.authorization)).toEqual([undefined]);
  });
});

describe.each(UNDICI_MAJORS)('many merchants on %s', (_name, undici) => {
  const merchants = new Map(mockMerchants(3).map((m) => [m.merchantId, m]));
  let mock: MockAdumo;
  let pool: TokenPool;
  beforeEach(async () => {
    mock = await startMockAdumo({ merchants: { count: 3 } });
    pool = new TokenPool({ baseUrl: mock.baseUrl, credentials: (id) => merchants.get(id) });
  });
  afterEach(async () => {
    await pool.close();
    await mock.close();
  });

  const clientOf = async (res: { body: { json(): Promise<unknown> } }) =>
    ((await res.body.json()) as { clientId: string }).clientId;

  it("by the x-adumo-merchant header: each call carries its merchant's token", async () => {
    const agent = new undici.Agent().compose(adumoInterceptor({ pool }));
    try {
      const ids = ['merchant-1', 'merchant-2', 'merchant-3', 'merchant-1'];
      const answers = await Promise.all(
        ids.map((id) =>
          undici.request(`${mock.baseUrl}/products/ping`, {
            dispatcher: agent,
            headers: { 'X-Adumo-Merchant': id },
          }),
        ),
      );
      expect(await Promise.all(answers.map(clientOf))).toEqual(ids);
      const stats = mock.stats.snapshot();
      expect(stats.apiCallsByClient).toEqual({ 'merchant-1': 2, 'merchant-2': 1, 'merchant-3': 1 });
      expect(stats.tokenRequests).toBe(3);

      // A 401 is resent for that merchant only.
      mock.faults.revokeAll();
      const again = await undici.request(`${mock.baseUrl}/products/ping`, {
        dispatcher: agent,
        headers: { 'x-adumo-merchant': 'merchant-2' },
      });
      expect(await clientOf(again)).toBe('merchant-2');
      expect(mock.stats.snapshot().tokenRequestsByClient['merchant-2']).toEqual({ issued: 2 });
      expect(mock.stats.snapshot().tokenRequestsByClient['merchant-1']).toEqual({ issued: 1 });
    } finally {
      await agent.close();
    }
  });

  it('by a function of the request, and the merchant header never leaves the process', async () => {
    const api = await startRecordingServer();
    const agent = new undici.Agent().compose(
      adumoInterceptor(
        { pool, merchant: (request) => /^\/m\/([^/]+)\//.exec(request.path)?.[1] },
        { allowedOrigins: [api.url] },
      ),
    );
    try {
      for (const id of ['merchant-3', 'merchant-1']) {
        const res = await undici.request(`${api.url}/m/${id}/x`, {
          dispatcher: agent,
          headers: { 'x-adumo-merchant': 'ignored', accept: 'application/json' },
        });
        await res.body.text();
      }
    } finally {
      await agent.close();
      await api.close();
    }
    expect(api.received.map((r) => r.headers['x-adumo-merchant'])).toEqual([undefined, undefined]);
    expect(api.received.map((r) => r.headers.accept)).toEqual([
      'application/json',
      'application/json',
    ]);
    expect(mock.stats.snapshot().tokenRequestsByClient).toEqual({
      'merchant-3': { issued: 1 },
      'merchant-1': { issued: 1 },
    });
  });

  it('a request to the Adumo origin that names no merchant fails with a config AdumoOAuthError, nothing sent', async () => {
    const agent = new undici.Agent().compose(adumoInterceptor({ pool }));
    try {
      const error: unknown = await undici
        .request(`${mock.baseUrl}/products/ping`, { dispatcher: agent })
        .catch((e: unknown) => e);
      expect(isAdumoOAuthError(error, 'config')).toBe(true);
      expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 0, apiCalls: 0 });
    } finally {
      await agent.close();
    }
  });
});

describe('adumoInterceptor arguments', () => {
  it('refuses what is neither a token source nor { pool }, and a plain-http origin', () => {
    expect(() => adumoInterceptor({} as never)).toThrow(
      expect.objectContaining({ code: 'config' }),
    );
    expect(() =>
      adumoInterceptor({
        getToken: () => Promise.reject(new Error('x')),
        baseUrl: 'http://example.com',
      }),
    ).toThrow(expect.objectContaining({ code: 'config' }));
  });
});
