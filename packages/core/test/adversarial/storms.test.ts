/**
 * Issue 12, attacks 5 and 11: no token-request storms. A controllable clock (`now`) and a
 * recording sleep (the source's test hook) make every test count requests, never durations.
 */
import { DEFAULT_CLIENT, startMockAdumo } from '@adumo-oauth/mock-server';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AdumoOAuthError,
  isAdumoOAuthError,
  TokenManager,
  type AccessToken,
  type TokenManagerOptions,
} from '../../src';
import { testHooks } from '../../src/timers';
import { CANARY, CLIENT_ID } from './forms';
import {
  answer,
  opaqueToken,
  startHostile,
  tokenAnswer,
  type Handler,
  type Hostile,
} from './hostile-server';

const servers: Hostile[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

class Clock {
  ms = 1_800_000_000_000;
  readonly now = (): number => this.ms;
}

async function setup(
  handler: Handler,
  overrides: Partial<TokenManagerOptions> = {},
): Promise<{ server: Hostile; tokens: TokenManager; clock: Clock; sleeps: number[] }> {
  const server = await startHostile(handler);
  servers.push(server);
  const clock = new Clock();
  const sleeps: number[] = [];
  const tokens = new TokenManager({
    tokenUrl: server.tokenUrl,
    clientId: CLIENT_ID,
    clientSecret: CANARY,
    retry: { maxAttempts: 1 },
    now: clock.now,
    ...testHooks({
      sleep: (ms) => {
        sleeps.push(ms);
        clock.ms += ms;
        return Promise.resolve();
      },
    }),
    ...overrides,
  });
  return { server, tokens, clock, sleeps };
}

const wrongSecret: Handler = (_r, res) =>
  answer(
    res,
    401,
    JSON.stringify({ error: 'invalid_client', error_description: 'Bad client credentials' }),
    {
      'www-authenticate': 'Form realm="oauth2/client", error="invalid_client"',
    },
  );
const unavailable0: Handler = (_r, res) =>
  answer(res, 503, JSON.stringify({ error: 'server_error' }), { 'retry-after': '0' });

const settle = <T>(p: Promise<T>): Promise<T | Error> => p.catch((e: unknown) => e as Error);

/** Call from `callers` loops every `stepMs` of the fake clock for `totalMs`; every result is checked. */
async function loops(
  tokens: TokenManager,
  clock: Clock,
  options: { callers: number; stepMs: number; totalMs: number },
): Promise<{ tokens: AccessToken[]; errors: Error[] }> {
  const out = { tokens: [] as AccessToken[], errors: [] as Error[] };
  for (let t = 0; t < options.totalMs; t += options.stepMs) {
    const results = await Promise.all(
      Array.from({ length: options.callers }, () => settle(tokens.getToken())),
    );
    for (const r of results) {
      if (r instanceof Error) out.errors.push(r);
      else {
        // An already-expired token is never handed out.
        expect(r.expiresAt).toBeGreaterThan(clock.ms);
        out.tokens.push(r);
      }
    }
    clock.ms += options.stepMs;
    // Let I/O run (a background request, the server's answer) between steps.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out;
}

describe('adversarial: no storms after a failure', () => {
  it('a wrong secret: during the cooldown every caller rejects at once with the same typed error and no request', async () => {
    const { server, tokens, clock } = await setup(wrongSecret);
    const first = await settle(tokens.getToken());
    expect((first as { code?: unknown }).code).toBe('token_endpoint');
    clock.ms += 400; // under the 50 % jitter floor of the 1 s minimum cooldown
    const during = await Promise.all(Array.from({ length: 50 }, () => settle(tokens.getToken())));
    for (const e of during) {
      expect((e as { code?: unknown }).code).toBe('token_endpoint');
      expect((e as { status?: unknown }).status).toBe(401);
      expect((e as Error).constructor).toBe((first as Error).constructor);
    }
    expect(server.requests).toBe(1);
    clock.ms += 10_001; // past any cooldown: the next call tries again
    await settle(tokens.getToken());
    expect(server.requests).toBe(2);
    await tokens.close();
  });

  it('the cooldown grows with consecutive failures: 50 callers every 100 ms for 60 s make a handful of requests', async () => {
    const { server, tokens, clock } = await setup(wrongSecret);
    const r = await loops(tokens, clock, { callers: 50, stepMs: 100, totalMs: 60_000 });
    expect(r.tokens).toHaveLength(0);
    expect(r.errors).toHaveLength(50 * 600);
    // Without growth (1 s each) this would be ~60–120; with 1 s doubling to 10 s, jittered to
    // 50–100 %: between 9 (no jitter) and ~16 (always the 50 % floor).
    expect(server.requests).toBeGreaterThanOrEqual(4);
    expect(server.requests).toBeLessThanOrEqual(18);
    expect(tokens.stats().cooldownRejections).toBeGreaterThan(0);
    await tokens.close();
  });

  it('cooldown options are honoured: { minMs: 5000, maxMs: 5000 } → no request for 2.4 s after a failure', async () => {
    const { server, tokens, clock } = await setup(wrongSecret, {
      cooldown: { minMs: 5000, maxMs: 5000 },
    });
    await loops(tokens, clock, { callers: 5, stepMs: 100, totalMs: 2_400 });
    expect(server.requests).toBe(1);
    clock.ms += 5_001;
    await settle(tokens.getToken());
    expect(server.requests).toBe(2);
    await tokens.close();
  });

  it('the endpoint fixed after a wrong secret: a token within the cooldown cap (10 s)', async () => {
    let fixed = false;
    const good = opaqueToken();
    const { server, tokens, clock } = await setup((r, res) =>
      fixed ? tokenAnswer(res, good.value) : wrongSecret(r, res),
    );
    await loops(tokens, clock, { callers: 10, stepMs: 250, totalMs: 30_000 });
    fixed = true;
    const before = server.requests;
    const fixedAt = clock.ms;
    let got: AccessToken | undefined;
    for (let i = 0; i < 200 && got === undefined; i++) {
      const r = await settle(tokens.getToken());
      if (!(r instanceof Error)) got = r;
      else clock.ms += 100;
    }
    expect(got?.value).toBe(good.value);
    expect(clock.ms - fixedAt).toBeLessThanOrEqual(10_000);
    expect(server.requests).toBe(before + 1);
    await tokens.close();
  });

  it('Retry-After: 0 never means now: retry sleeps are at least retry.minRetryAfterMs (default 1000)', async () => {
    const { server, tokens, sleeps } = await setup(unavailable0, { retry: { maxAttempts: 3 } });
    await settle(tokens.getToken());
    expect(server.requests).toBe(3);
    expect(sleeps).toHaveLength(2);
    for (const ms of sleeps) expect(ms).toBeGreaterThanOrEqual(1000);
    await tokens.close();
  });

  it('retry.minRetryAfterMs is configurable (2500)', async () => {
    const { tokens, sleeps } = await setup(unavailable0, {
      retry: { maxAttempts: 2, minRetryAfterMs: 2500 },
    });
    await settle(tokens.getToken());
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2500);
    await tokens.close();
  });

  it('503 + Retry-After: 0 cold: 50 caller loops for 10 s of clock make at most ~one request per second', async () => {
    const { server, tokens, clock } = await setup(unavailable0);
    const r = await loops(tokens, clock, { callers: 50, stepMs: 50, totalMs: 10_000 });
    expect(r.errors).toHaveLength(50 * 200);
    expect(server.requests).toBeLessThanOrEqual(11);
    await tokens.close();
  });

  it('the background backoff cannot be bypassed: 503 + Retry-After: 0 while a valid token is in its refresh window', async () => {
    let failing = false;
    const good = opaqueToken();
    const { server, tokens, clock } = await setup((r, res) =>
      failing ? unavailable0(r, res) : tokenAnswer(res, good.value, 100),
    );
    await tokens.getToken();
    failing = true;
    clock.ms += 76_000; // refresh window of a 100 s token: 75 s … 90 s (must-refresh from 90 s)
    const r = await loops(tokens, clock, { callers: 50, stepMs: 10, totalMs: 10_000 });
    // Every caller got the still-valid token at once.
    expect(r.errors).toHaveLength(0);
    expect(r.tokens.every((t) => t.value === good.value)).toBe(true);
    // 1 initial + at most one background attempt per backoff period (≥ 1 s floor) in 10 s.
    expect(server.requests - 1).toBeGreaterThanOrEqual(1);
    expect(server.requests - 1).toBeLessThanOrEqual(11);
    await tokens.close();
  });

  it('expires_in: 0.001 is refused (InvalidResponseError) and the cooldown applies', async () => {
    const { server, tokens, clock } = await setup((_r, res) =>
      tokenAnswer(res, opaqueToken().value, 0.001),
    );
    const first = await settle(tokens.getToken());
    expect(isAdumoOAuthError(first, 'invalid_response')).toBe(true);
    expect((first as AdumoOAuthError).code).toBe('invalid_response');
    const r = await loops(tokens, clock, { callers: 50, stepMs: 10, totalMs: 400 });
    expect(r.tokens).toHaveLength(0);
    expect(server.requests).toBe(1);
    await tokens.close();
  });

  it('a lifetime under minLifetimeSeconds (0.5 s with the default 1) is refused', async () => {
    const { tokens } = await setup((_r, res) => tokenAnswer(res, opaqueToken().value, 0.5));
    expect(isAdumoOAuthError(await settle(tokens.getToken()), 'invalid_response')).toBe(true);
    await tokens.close();
  });

  it('2-second tokens still work: one request per token lifetime, each handed out before it expires', async () => {
    const { server, tokens, clock } = await setup((_r, res) =>
      tokenAnswer(res, opaqueToken().value, 2),
    );
    const r = await loops(tokens, clock, { callers: 20, stepMs: 50, totalMs: 10_000 });
    expect(r.errors).toHaveLength(0);
    // 10 s of 2 s tokens refreshed from 1.5 s: about 7 requests, certainly not one per call.
    expect(server.requests).toBeGreaterThanOrEqual(5);
    expect(server.requests).toBeLessThanOrEqual(9);
    await tokens.close();
  });

  it('a token that expired while its request was in flight is never handed out', async () => {
    const clockRef: { clock?: Clock } = {};
    const { tokens, clock } = await setup((r, res) => {
      if (r.n === 1) clockRef.clock!.ms += 5_000; // the answer arrives after its 2 s lifetime
      tokenAnswer(res, opaqueToken().value, 2);
    });
    clockRef.clock = clock;
    const r = await settle(tokens.getToken());
    if (!(r instanceof Error)) expect(r.expiresAt).toBeGreaterThan(clock.ms);
    else expect((r as { code?: unknown }).code).toBe('invalid_response');
    await tokens.close();
  });

  it('a token that expired while the endpoint fails is not served stale: callers get the error', async () => {
    let failing = false;
    const { tokens, clock } = await setup((r, res) =>
      failing ? unavailable0(r, res) : tokenAnswer(res, opaqueToken().value, 10),
    );
    await tokens.getToken();
    failing = true;
    clock.ms += 10_001;
    const results = await Promise.all(Array.from({ length: 10 }, () => settle(tokens.getToken())));
    for (const r of results) expect(r).toBeInstanceOf(Error);
    expect(tokens.peek()).toBeUndefined();
    await tokens.close();
  });
});

describe('adversarial: wrong secret against the real mock server', () => {
  it('50 concurrent callers, 40 rounds over 4 s of clock: a few token requests, every call answered with the typed error', async () => {
    const mock = await startMockAdumo();
    const clock = new Clock();
    const tokens = new TokenManager({
      baseUrl: mock.baseUrl,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: `${DEFAULT_CLIENT.clientSecret}-wrong`,
      now: clock.now,
      ...testHooks({ sleep: () => Promise.resolve() }),
    });
    try {
      const r = await loops(tokens, clock, { callers: 50, stepMs: 100, totalMs: 4_000 });
      expect(r.errors).toHaveLength(2000);
      for (const e of r.errors) expect((e as { status?: unknown }).status).toBe(401);
      const rejected =
        mock.stats.snapshot().tokenRequestsByClient[DEFAULT_CLIENT.clientId]?.invalid_client ?? 0;
      expect(rejected).toBeGreaterThanOrEqual(1);
      // 1 s doubling, 50–100 % jitter: attempts at 0, ≥0.5, ≥1.5, ≥3.5 s → at most 4 in 4 s
      // (5 allowed for the 100 ms steps); old code: one per round, 40.
      expect(rejected).toBeLessThanOrEqual(5);
      expect(mock.stats.tokenRequests).toBe(rejected);
    } finally {
      await tokens.close();
      await mock.close();
    }
  });
});
