/**
 * Issue 12, attacks 10 and 11: config edges refused, a JWT `exp` capped like `expires_in`, and a
 * programming error stays a programming error (not a NetworkError).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isAdumoOAuthError, TokenManager } from '../../src';
import { testHooks } from '../../src/timers';
import { CANARY, CLIENT_ID } from './forms';
import { answer, opaqueToken, startHostile, tokenAnswer, type Hostile } from './hostile-server';

const servers: Hostile[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const YEAR = 365.25 * 24 * 3600 * 1000;
const jwt = (claims: Record<string, unknown>): string => {
  const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.${opaqueToken().random}`;
};

describe('adversarial: config edges', () => {
  it.each([
    'https://api.example.test?',
    'https://api.example.test/?',
    'https://api.example.test#',
    'https://api.example.test/#',
    'https://api.example.test/?a=b',
    'https://api.example.test/base#frag',
    'http://127.0.0.1:1/x?',
  ])('baseUrl %s is a ConfigError', (baseUrl) => {
    expect(() => new TokenManager({ baseUrl, clientId: CLIENT_ID, clientSecret: CANARY })).toThrow(
      expect.objectContaining({ code: 'config' }),
    );
  });

  it.each([
    'http://127.0.0.1:1/oauth/token?',
    'http://127.0.0.1:1/oauth/token#',
    'http://127.0.0.1:1/oauth/token?x=1',
  ])('tokenUrl %s is a ConfigError', (tokenUrl) => {
    expect(() => new TokenManager({ tokenUrl, clientId: CLIENT_ID, clientSecret: CANARY })).toThrow(
      expect.objectContaining({ code: 'config' }),
    );
  });

  it('a ConfigError message never holds the secret', () => {
    const error = (() => {
      try {
        new TokenManager({
          baseUrl: `https://api.example.test/?client_secret=${encodeURIComponent(CANARY)}`,
          clientId: CLIENT_ID,
          clientSecret: CANARY,
        });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(isAdumoOAuthError(error, 'config')).toBe(true);
    expect(error!.message).not.toContain(encodeURIComponent(CANARY));
    expect(error!.message).not.toContain(CANARY);
  });

  it('a JWT exp in year 9999 with no expires_in is not cached for thousands of years', async () => {
    const exp = Math.floor(Date.UTC(9999, 0, 1) / 1000);
    const server = await startHostile((_r, res) =>
      answer(
        res,
        200,
        JSON.stringify({ access_token: jwt({ exp, jti: 'j9999' }), token_type: 'bearer' }),
      ),
    );
    servers.push(server);
    const tokens = new TokenManager({
      tokenUrl: server.tokenUrl,
      clientId: CLIENT_ID,
      clientSecret: CANARY,
    });
    const token = await tokens.getToken();
    expect(token.expiresAt).toBeLessThan(Date.now() + 11 * YEAR);
    await tokens.close();
  });

  it('a huge expires_in together with a JWT exp in year 9999 is capped too', async () => {
    const exp = Math.floor(Date.UTC(9999, 0, 1) / 1000);
    const server = await startHostile((_r, res) =>
      tokenAnswer(res, jwt({ exp }), Number.MAX_SAFE_INTEGER),
    );
    servers.push(server);
    const tokens = new TokenManager({
      tokenUrl: server.tokenUrl,
      clientId: CLIENT_ID,
      clientSecret: CANARY,
    });
    const token = await tokens.getToken();
    expect(token.expiresAt).toBeLessThan(Date.now() + 11 * YEAR);
    await tokens.close();
  });
});

describe('adversarial: a programming error stays a programming error', () => {
  it('a `now` that throws a TypeError while the answer is processed is not turned into a NetworkError', async () => {
    let broken = false;
    const server = await startHostile((_r, res) => {
      broken = true; // from here on the clock is broken: the manager reads it while handling the answer
      tokenAnswer(res, opaqueToken().value);
    });
    servers.push(server);
    const tokens = new TokenManager({
      tokenUrl: server.tokenUrl,
      clientId: CLIENT_ID,
      clientSecret: CANARY,
      retry: { maxAttempts: 1 },
      now: () => {
        if (broken) throw new TypeError('clock.read is not a function');
        return Date.now();
      },
    });
    const error = await tokens.getToken().then(
      () => undefined,
      (e: unknown) => e as Error & { code?: unknown },
    );
    expect(error).toBeDefined();
    expect(error!.code).not.toBe('network');
    expect(error!.name).toBe('TypeError');
    expect(error!.message).toContain('clock.read is not a function');
    expect(server.requests).toBe(1);
    broken = false;
    await tokens.close();
  });

  it('a sleep (test hook) that throws a TypeError between retries is not turned into a NetworkError', async () => {
    const server = await startHostile((_r, res) => answer(res, 503, '{"error":"server_error"}'));
    servers.push(server);
    const tokens = new TokenManager({
      tokenUrl: server.tokenUrl,
      clientId: CLIENT_ID,
      clientSecret: CANARY,
      retry: { maxAttempts: 3 },
      ...testHooks({
        sleep: () => {
          throw new TypeError('setTimeout is not a function');
        },
      }),
    });
    const error = await tokens.getToken().then(
      () => undefined,
      (e: unknown) => e as Error & { code?: unknown },
    );
    expect(error).toBeDefined();
    expect(error!.code).not.toBe('network');
    expect(error!.name).toBe('TypeError');
    await tokens.close();
  });
});
