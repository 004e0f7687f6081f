/**
 * Issue 12, attacks 4 and 10 (leading spaces): tokens outside RFC 6750's b64token characters,
 * from the endpoint and from an unencrypted store, are refused without being printed.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { type AdumoOAuthError, isAdumoOAuthError, MemoryTokenStore, TokenManager } from '../../src';
import { CANARY, CLIENT_ID } from './forms';
import { opaqueToken, startHostile, tokenAnswer, type Hostile } from './hostile-server';

const servers: Hostile[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** A marker unique to each bad token, searched for in every text. */
const marker = (): string => `mk${opaqueToken().random.slice(0, 14)}`;

const BAD: readonly [string, (m: string) => string][] = [
  ['CR/LF header injection', (m) => `tok-${m}\r\nX-Injected: yes`],
  ['a lone LF', (m) => `tok-${m}\nX: y`],
  ['NUL', (m) => `tok-${m}\u0000tail`],
  ['an inner space', (m) => `tok-${m} tail`],
  ['a tab', (m) => `tok-${m}\ttail`],
  ['leading spaces', (m) => `   tok-${m}`],
  ['a trailing space', (m) => `tok-${m} `],
  ['non-ASCII', (m) => `tok-${m}é✓`],
  ['a quote', (m) => `tok-${m}"x`],
  ['padding in the middle', (m) => `tok-${m}==abc`],
  ['a comma (header list)', (m) => `tok-${m},Bearer x`],
];

describe('adversarial: tokens validated (RFC 6750 b64token)', () => {
  it.each(BAD)(
    'a token with %s from the endpoint is an InvalidResponseError that does not print it',
    async (_name, make) => {
      const m = marker();
      const value = make(m);
      expect(B64TOKEN.test(value)).toBe(false);
      const server = await startHostile((_r, res) => tokenAnswer(res, value));
      servers.push(server);
      const logged: string[] = [];
      const log = (...args: unknown[]): void => void logged.push(inspect(args, { depth: 10 }));
      const tokens = new TokenManager({
        tokenUrl: server.tokenUrl,
        clientId: CLIENT_ID,
        clientSecret: CANARY,
        retry: { maxAttempts: 1 },
        logger: { debug: log, info: log, warn: log, error: log },
      });
      const error = await tokens.getToken().then(
        (t) => t,
        (e: unknown) => e,
      );
      await tokens.close();
      expect(isAdumoOAuthError(error, 'invalid_response')).toBe(true);
      expect((error as AdumoOAuthError).code).toBe('invalid_response');
      const texts = [
        (error as Error).message,
        (error as Error).stack ?? '',
        inspect(error, { showHidden: true, depth: 10 }),
        JSON.stringify(error),
        ...logged,
      ];
      for (const text of texts) expect(text).not.toContain(m);
      expect(server.requests).toBe(1);
    },
  );

  it('a valid b64token with every allowed character and padding is accepted as is', async () => {
    const value = `Az09-._~+/${opaqueToken().random}==`;
    const server = await startHostile((_r, res) => tokenAnswer(res, value));
    servers.push(server);
    const tokens = new TokenManager({
      tokenUrl: server.tokenUrl,
      clientId: CLIENT_ID,
      clientSecret: CANARY,
    });
    expect((await tokens.getToken()).value).toBe(value);
    await tokens.close();
  });

  it.each(BAD.slice(0, 6))(
    'a token with %s in an unencrypted store is not adopted; a network token is fetched instead',
    async (_name, make) => {
      const clock = { ms: 1_800_000_000_000 };
      const good = opaqueToken('net');
      const server = await startHostile((_r, res) => tokenAnswer(res, good.value));
      servers.push(server);
      const store = new MemoryTokenStore(() => clock.ms);
      const tokens = new TokenManager({
        tokenUrl: server.tokenUrl,
        clientId: CLIENT_ID,
        clientSecret: CANARY,
        store,
        storeEncryption: false,
        now: () => clock.ms,
      });
      const m = marker();
      const bad = make(m);
      store.set(await tokens.cacheKey(), {
        value: bad,
        expiresAt: clock.ms + 3_600_000,
        issuedAt: clock.ms,
        scope: [],
      });
      const token = await tokens.getToken();
      expect(token.value).toBe(good.value);
      expect(server.requests).toBe(1);
      expect(inspect(tokens, { showHidden: true, depth: 10 })).not.toContain(m);
      await tokens.close();
    },
  );

  it("the issue's exact store value 'abc\\r\\nX: y' is not adopted", async () => {
    const clock = { ms: 1_800_000_000_000 };
    const good = opaqueToken('net');
    const server = await startHostile((_r, res) => tokenAnswer(res, good.value));
    servers.push(server);
    const store = new MemoryTokenStore(() => clock.ms);
    const tokens = new TokenManager({
      tokenUrl: server.tokenUrl,
      clientId: CLIENT_ID,
      clientSecret: CANARY,
      store,
      storeEncryption: false,
      now: () => clock.ms,
    });
    store.set(await tokens.cacheKey(), {
      value: 'abc\r\nX: y',
      expiresAt: clock.ms + 3_600_000,
      issuedAt: clock.ms,
      scope: [],
    });
    expect((await tokens.getToken()).value).toBe(good.value);
    expect(server.requests).toBe(1);
    await tokens.close();
  });
});
