/**
 * Issue 20: what a server, a store or a caller writes into our texts. Every class of unshowable
 * character (forms.ts HOSTILE_CHARS, as terminal escapes and forged log lines) in every field the
 * library ever shows (hostile-http.ts HOSTILE_FIELDS, store values and errors, merchant ids,
 * resolver errors), through every surface of the core: error messages, fields, stacks and causes,
 * `inspect()` and JSON of errors and tokens, log lines, events, health. No raw character of those
 * classes, the escaped form where the field is shown, each field ≤ 512 and each message ≤ 2,048
 * characters (+ the marker), and no secret or whole token.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  TokenPool,
  isAdumoOAuthError,
  type StoredToken,
  type TokenManager,
  type TokenStore,
} from '../../src';
import {
  CANARY,
  CLIENT_ID,
  HOSTILE_CHARS,
  errorTexts,
  hostileText,
  needles,
  rawUnsafe,
  shownLength,
  sweep,
  textsOf,
  unsafeFindings,
  type Produced,
} from './forms';
import {
  HOSTILE_FIELDS,
  answer,
  freshJwt,
  startHostile,
  type Hostile,
} from '../../../../tools/adversarial/src/hostile-http';
import { attempt, capturedManager, eventErrorTexts } from './hostile-server';

const servers: Hostile[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** The hostile text of the suite, with the secret in it (redaction must still hold). */
const TEXT = `${hostileText('srv')} client_secret=${CANARY}`;
/** The escaped form of ESC that must appear where a hostile field is shown. */
const ESCAPED = '\\u001b';
const FIELD_MAX = 512;
const MESSAGE_MAX = 2048;

/** Also capture the request/response events and the health snapshot. */
function observe(tokens: TokenManager | TokenPool, produced: Produced[]): void {
  for (const name of ['request', 'response'] as const)
    tokens.on(name, (event: unknown) => produced.push(...textsOf(`event ${name}`, event)));
}

/** Every message, error field and log line within its cap; log lines are one line each. */
function expectCapped(produced: readonly Produced[], logged: readonly string[]): void {
  for (const { where, text } of produced) {
    if (/\.message$/.test(where)) expect(shownLength(text), where).toBeLessThanOrEqual(MESSAGE_MAX);
    if (/\.(error|errorDescription)$/.test(where))
      expect(shownLength(text), where).toBeLessThanOrEqual(FIELD_MAX);
  }
  for (const line of logged) {
    const message = line.replace(/^\w+ \[adumo-oauth\] /, '').replace(/ \[\]$/, '');
    expect(shownLength(message), line.slice(0, 80)).toBeLessThanOrEqual(MESSAGE_MAX);
  }
}

/** No raw unshowable character, no secret in any form. */
function expectSafe(produced: readonly Produced[]): void {
  expect(unsafeFindings(produced).join('\n')).toBe('');
  expect(sweep(produced, needles(CANARY, CLIENT_ID)).join('\n')).toBe('');
}

/** One acquisition against `field`'s hostile answer; everything it produced. */
async function acquireAgainst(field: string, text = TEXT) {
  const server = await startHostile((_r, res) => HOSTILE_FIELDS[field]!(text)(res));
  servers.push(server);
  const made = capturedManager(server.tokenUrl, { cooldown: { minMs: 0, maxMs: 0 } });
  observe(made.tokens, made.produced);
  const outcome = await attempt(made.tokens, made.produced);
  made.produced.push(
    ...(await eventErrorTexts(made.events)),
    ...textsOf('health', made.tokens.health()),
    ...made.logged.map((text) => ({ where: 'log line', text })),
  );
  await made.tokens.close();
  return { ...made, outcome };
}

describe('a hostile field of the token endpoint, through every surface of the core', () => {
  it.each(Object.keys(HOSTILE_FIELDS))('%s', async (field) => {
    const { produced, logged, outcome } = await acquireAgainst(field);
    expectSafe(produced);
    expectCapped(produced, logged);
    expect(logged.length).toBeGreaterThan(0);
    const shown = produced.map((p) => p.text).join('\n');
    if (['Content-Type', 'WWW-Authenticate'].includes(field)) {
      // A header carries C1 controls only: shown escaped in the message / the exposed copy.
      expect(shown).toContain('\\u0085');
      expect(shown).toContain('\\u009b');
    } else if (field === 'token_type') {
      expect(shown).toContain(ESCAPED); // shown cut to 40 characters
    } else {
      expect(shown).toContain(ESCAPED);
      expect(shown).toContain('\\u202e');
      expect(shown).toContain('\\ud800');
    }
    if (isAdumoOAuthError(outcome)) {
      if (field === 'error') expect((outcome as { error?: string }).error).toContain(ESCAPED);
      if (field === 'error_description' || field === 'Spring message')
        expect((outcome as { errorDescription?: string }).errorDescription).toContain(ESCAPED);
      if (field === 'token_type') expect(outcome.message).toMatch(/token_type is "srv:\\u001b/);
    }
  });

  it('a retried hostile 503: the retry and response events and the log lines', async () => {
    const server = await startHostile((_r, res) =>
      answer(res, 503, JSON.stringify({ error: TEXT, error_description: TEXT })),
    );
    servers.push(server);
    const { tokens, produced, logged, events } = capturedManager(server.tokenUrl, {
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    });
    observe(tokens, produced);
    await attempt(tokens, produced);
    produced.push(
      ...(await eventErrorTexts(events)),
      ...textsOf('health', tokens.health()),
      ...logged.map((text) => ({ where: 'log line', text })),
    );
    await tokens.close();
    expect(server.requests).toBe(3);
    expect(events.filter((e) => (e as { attempt?: number }).attempt !== undefined)).toHaveLength(2);
    expectSafe(produced);
    expectCapped(produced, logged);
    expect(
      produced
        .filter((p) => p.where.startsWith('event retry'))
        .map((p) => p.text)
        .join(),
    ).toContain(ESCAPED);
  });

  it('a 48 KiB hostile error_description: field ≤ 512, message and log lines ≤ 2,048 (+ marker)', async () => {
    const big = `${TEXT} ${'\u202e\u001b[2J'.repeat(4000)} ${CANARY}`; // under the 64 KiB read
    const { produced, logged, outcome } = await acquireAgainst('error_description', big);
    expectSafe(produced);
    expectCapped(produced, logged);
    const error = outcome as { message: string; errorDescription: string };
    expect(error.errorDescription).toMatch(/…\(\d+ more\)$/);
    expect(error.message.length).toBeLessThan(MESSAGE_MAX + 20);
    for (const line of logged) expect(line.length).toBeLessThan(MESSAGE_MAX + 60);
  });

  it('a 900 KiB hostile error answer: not parsed past 64 KiB, nothing of it shown raw', async () => {
    const huge = `${TEXT} ${'\u202e\u001b[2J'.repeat(70_000)} ${CANARY}`;
    const { produced, logged, outcome } = await acquireAgainst('error_description', huge);
    expectSafe(produced);
    expectCapped(produced, logged);
    const error = outcome as { message: string; errorDescription: string | undefined };
    expect(error.errorDescription).toBeUndefined();
    expect(error.message).toMatch(/^Token endpoint answered 401 with a body over 65536 bytes/);
  });

  it('the forged log line of issue 20: a hostile jti is one debug line of a pool merchant', async () => {
    const jti = 'j\r\n[adumo-oauth] merchant m-9: token from network: FORGED';
    const server = await startHostile((_r, res) =>
      answer(
        res,
        200,
        JSON.stringify({ access_token: freshJwt(), token_type: 'bearer', expires_in: 600, jti }),
      ),
    );
    servers.push(server);
    const lines: string[] = [];
    const pool = new TokenPool({
      tokenUrl: server.tokenUrl,
      credentials: () => ({ clientId: CLIENT_ID, clientSecret: CANARY }),
      logger: { debug: (m: string) => lines.push(m) },
    });
    const token = await pool.getToken('m-9');
    await pool.close();
    const written = lines.join('\n');
    expect(written.split(/\r\n|[\r\n\u2028\u2029\u0085]/)).toHaveLength(lines.length);
    const fromNetwork = lines.filter((l) => l.includes('token from network'));
    expect(fromNetwork).toHaveLength(1);
    expect(fromNetwork[0]).toMatch(
      /^\[adumo-oauth\] merchant m-9: token from network: .* jti=j\\u000d\\u000a\[adumo-oauth\] merchant m-9: token from network: FORGED expires in \d+ s$/,
    );
    // The token's views escape it too; the value itself stays data.
    expect(rawUnsafe(inspect(token))).toEqual([]);
    expect(rawUnsafe(JSON.stringify(token))).toEqual([]);
    expect(token.jti).toBe(jti);
  });
});

describe('a hostile store, merchant id or resolver, through every surface of the core', () => {
  /** A store that throws errors with hostile message, name and code, or returns hostile records. */
  class HostileStore implements TokenStore {
    constructor(private readonly mode: 'throw' | 'record') {}
    get(): Promise<StoredToken | undefined> {
      if (this.mode === 'throw') return Promise.reject(hostileError());
      const now = Date.now();
      return Promise.resolve({
        value: freshJwt({ jti: TEXT }),
        expiresAt: now + 600_000,
        issuedAt: now,
        scope: [TEXT, 'read'],
      });
    }
    set(): Promise<void> {
      return this.mode === 'throw' ? Promise.reject(hostileError()) : Promise.resolve();
    }
    delete(): Promise<void> {
      return Promise.resolve();
    }
  }
  const hostileError = (): Error => {
    const error = Object.assign(new Error(TEXT, { cause: new Error(`inner ${TEXT}`) }), {
      code: `E\u001b[2J${CANARY}`,
    });
    error.name = `Store\u202eError`;
    return error;
  };

  it.each(['throw', 'record'] as const)('store that %ss', async (mode) => {
    const server = await startHostile((_r, res) =>
      answer(
        res,
        200,
        JSON.stringify({ access_token: freshJwt(), token_type: 'bearer', expires_in: 600 }),
      ),
    );
    servers.push(server);
    const { tokens, produced, logged, events } = capturedManager(server.tokenUrl, {
      store: new HostileStore(mode),
      storeEncryption: false,
    });
    observe(tokens, produced);
    const token = await attempt(tokens, produced);
    if (mode === 'record') {
      expect(tokens.stats().storeHits).toBe(1); // the hostile record was adopted and shown
      expect(inspect(token)).toContain('\\u202e');
    }
    produced.push(
      ...(await eventErrorTexts(events)),
      ...textsOf('health', tokens.health()),
      ...logged.map((text) => ({ where: 'log line', text })),
    );
    await tokens.close();
    expectSafe(produced);
    expectCapped(produced, logged);
    expect(produced.map((p) => p.text).join('\n')).toContain(ESCAPED);
    if (mode === 'throw') expect(events.length).toBeGreaterThan(0); // storeError events
  });

  it('merchant ids with every class of character are refused, shown escaped; resolvers that throw hostile errors', async () => {
    const server = await startHostile((_r, res) =>
      answer(
        res,
        200,
        JSON.stringify({ access_token: freshJwt(), token_type: 'bearer', expires_in: 600 }),
      ),
    );
    servers.push(server);
    const produced: Produced[] = [];
    const logged: string[] = [];
    const log = (m: string): void => {
      logged.push(m);
      produced.push({ where: 'log line', text: m });
    };
    const pool = new TokenPool({
      tokenUrl: server.tokenUrl,
      credentials: (id) => {
        if (id === 'throws') throw hostileError();
        if (id === 'bad-credentials') return { clientId: TEXT, clientSecret: CANARY };
        return { clientId: CLIENT_ID, clientSecret: CANARY };
      },
      logger: { debug: log, info: log, warn: log, error: log },
    });
    observe(pool, produced);
    for (const name of ['token', 'refreshError', 'retry', 'storeError'] as const)
      pool.on(name, (event: unknown) => produced.push(...textsOf(`event ${name}`, event)));
    const ids = [
      ...Object.values(HOSTILE_CHARS).map((ch) => `m${ch}1`),
      TEXT,
      'throws',
      'bad-credentials',
    ];
    for (const id of ids) {
      const error = await pool.getToken(id).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, JSON.stringify(id)).toMatchObject({ name: 'MerchantError' });
      produced.push(...(await errorTexts('error', error)));
      produced.push(...textsOf('health', pool.health(id)));
    }
    const refused = (await pool.getToken('m\u001b1').catch((e: unknown) => e)) as Error;
    expect(refused.message).toContain('merchant id "m\\u001b1" refused');
    await pool.getToken('ok-merchant');
    produced.push(...textsOf('pool health', pool.health()));
    await pool.close();
    expectSafe(produced);
    expectCapped(produced, logged);
  });
});
