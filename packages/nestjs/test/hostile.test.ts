/**
 * Issue 20 through Nest (a real app on 127.0.0.1:0): a hostile token endpoint (the core's
 * adversarial server) fills every field it can with every class of unshowable character and the
 * secret, and merchant ids hold them. The exception filter's answers and every line the app's
 * logger is given (the core's lines through Nest's `Logger`) show none of it raw, stay within
 * their caps and never show the secret.
 */
import 'reflect-metadata';
import {
  Controller,
  Get,
  Inject,
  Module,
  Param,
  type INestApplication,
  type LoggerService,
} from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AdumoMerchants,
  AdumoOAuthExceptionFilter,
  AdumoOAuthModule,
  TokenManager,
  type TokenManagerOptions,
} from '../src';
import {
  CANARY,
  CLIENT_ID,
  HOSTILE_CHARS,
  hostileText,
  needles,
  rawUnsafe,
  shownLength,
} from '../../../tools/adversarial/src/forms';
import {
  HOSTILE_FIELDS,
  answer,
  freshJwt,
  startHostile,
  type Hostile,
} from '../../../tools/adversarial/src/hostile-http';

const TEXT = `${hostileText('nest')} client_secret=${CANARY}`;
const FAILING = ['error', 'error_description', 'Spring message', 'token_type', 'Content-Type'];
const IDS = [...Object.values(HOSTILE_CHARS).map((ch) => `m${ch}1`), TEXT];

/** An app logger that keeps every message it is given, at every level. */
class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];
  readonly #push = (message: unknown): void => {
    this.lines.push(typeof message === 'string' ? message : JSON.stringify(message));
  };
  log = this.#push;
  error = this.#push;
  warn = this.#push;
  debug = this.#push;
  verbose = this.#push;
  fatal = this.#push;
}

@Controller()
class TokenController {
  constructor(@Inject(TokenManager) private readonly tokens: TokenManager) {}
  @Get('token')
  async token(): Promise<unknown> {
    await this.tokens.getToken();
    return { ok: true };
  }
}

@Controller()
class MerchantController {
  constructor(@Inject(AdumoMerchants) private readonly merchants: AdumoMerchants) {}
  @Get('m/:n')
  async token(@Param('n') n: string): Promise<unknown> {
    await this.merchants.source(IDS[Number(n)]!).getToken();
    return { ok: true };
  }
}

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function appWith(
  registration: Parameters<typeof AdumoOAuthModule.forRoot>[0],
  controller: new (...args: never[]) => unknown,
): Promise<{ app: INestApplication; url: string; logger: RecordingLogger }> {
  @Module({
    imports: [AdumoOAuthModule.forRoot(registration)],
    controllers: [controller],
    providers: [{ provide: APP_FILTER, useClass: AdumoOAuthExceptionFilter }],
  })
  class AppModule {}
  const logger = new RecordingLogger();
  const app = await NestFactory.create(AppModule, { logger });
  await app.listen(0, '127.0.0.1');
  cleanup.push(() => app.close());
  return { app, url: await app.getUrl(), logger };
}

async function hostile(handler: Parameters<typeof startHostile>[0]): Promise<Hostile> {
  const server = await startHostile(handler);
  cleanup.push(() => server.close());
  return server;
}

function expectSafe(texts: readonly string[], what: string): void {
  for (const text of texts) {
    expect(rawUnsafe(text), `${what}: ${text.slice(0, 80)}`).toEqual([]);
    expect(shownLength(text.replace(/^\[adumo-oauth\] /, '')), what).toBeLessThanOrEqual(2048);
    for (const { name, needle } of needles(CANARY, CLIENT_ID))
      expect(text.includes(needle), `${what}: the secret (${name})`).toBe(false);
  }
}

describe('Nest: a hostile token endpoint', () => {
  it.each(FAILING)('%s: the filter answers 502 with fixed wording; logs escaped', async (field) => {
    const server = await hostile((_r, res) => HOSTILE_FIELDS[field]!(TEXT)(res));
    const options: TokenManagerOptions = {
      tokenUrl: server.tokenUrl,
      clientId: CLIENT_ID,
      clientSecret: CANARY,
      retry: { maxAttempts: 1 },
    };
    const { url, logger } = await appWith(options, TokenController);
    const res = await fetch(`${url}/token`);
    const body = await res.text();
    expect(res.status).toBe(502);
    expect(JSON.parse(body)).toMatchObject({ status: 502, code: expect.any(String) });
    expectSafe([body], 'filter answer');
    const ours = logger.lines.filter((l) => l.startsWith('[adumo-oauth]'));
    expect(ours.length).toBeGreaterThan(0);
    expectSafe(logger.lines, 'app logger');
    expect(ours.join('\n')).toContain(field === 'Content-Type' ? '\\u0085' : '\\u001b');
  });

  it('merchant ids with every class of character → 400 invalid_merchant, fixed wording', async () => {
    const server = await hostile((_r, res) =>
      answer(
        res,
        200,
        JSON.stringify({ access_token: freshJwt(), token_type: 'bearer', expires_in: 600 }),
      ),
    );
    const { url, logger } = await appWith(
      {
        tokenUrl: server.tokenUrl,
        credentials: () => ({ clientId: CLIENT_ID, clientSecret: CANARY }),
      },
      MerchantController,
    );
    const bodies: string[] = [];
    for (let n = 0; n < IDS.length; n++) {
      const res = await fetch(`${url}/m/${n}`);
      bodies.push(await res.text());
      expect(res.status, JSON.stringify(IDS[n])).toBe(400);
    }
    for (const body of bodies) expect(JSON.parse(body)).toMatchObject({ code: 'invalid_merchant' });
    expectSafe(bodies, 'filter answers');
    expectSafe(logger.lines, 'app logger');
  });
});
