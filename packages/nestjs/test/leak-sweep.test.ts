import 'reflect-metadata';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Inject, Module, type LoggerService } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdumoOAuthExceptionFilter, AdumoOAuthModule, TokenManager } from '../src';

const SECRET = 'Head&#+% é✓/=Tail-nest-4b2';
const CLIENT = 'nest-sweep';
const FORMS = [
  SECRET,
  encodeURIComponent(SECRET),
  new URLSearchParams({ v: SECRET }).toString().slice(2),
  SECRET.replace(/&/g, '&amp;'),
  Buffer.from(`${CLIENT}:${SECRET}`).toString('base64'),
];
/** Every 12-character window of every form: a partial leak counts too. */
const NEEDLES = FORMS.flatMap((f) =>
  Array.from({ length: Math.max(1, f.length - 11) }, (_, i) => f.slice(i, i + 12)),
).filter((n) => n.includes('Tail') || n.includes('Head') || /[%&=+]/.test(n));

let hostile: Server;
let baseUrl: string;
beforeAll(async () => {
  hostile = createServer((_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': FORMS[1]! });
    res.end(
      JSON.stringify({
        error: 'invalid_client',
        error_description: `Bad client credentials: ${FORMS.join(' ')}`,
      }),
    );
  }).listen(0, '127.0.0.1');
  await once(hostile, 'listening');
  baseUrl = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
});
afterAll(() => {
  hostile.closeAllConnections();
  hostile.close();
});

@Controller()
class TokenController {
  constructor(@Inject(TokenManager) private readonly tokens: TokenManager) {}
  @Get('token')
  async token(): Promise<unknown> {
    return { jti: (await this.tokens.getToken()).jti };
  }
}

describe('NestJS: a hostile token endpoint never leaks the secret into responses or Nest logs', () => {
  for (const withFilter of [false, true]) {
    it(
      withFilter ? 'with AdumoOAuthExceptionFilter' : "with Nest's own exception handling",
      async () => {
        const lines: string[] = [];
        const capture = (...parts: unknown[]) => void lines.push(parts.map(String).join(' '));
        const logger: LoggerService = {
          log: capture,
          error: capture,
          warn: capture,
          debug: capture,
          verbose: capture,
          fatal: capture,
        };
        @Module({
          imports: [
            AdumoOAuthModule.forRoot({
              baseUrl,
              clientId: CLIENT,
              clientSecret: SECRET,
              retry: { maxAttempts: 1 },
              isGlobal: true,
            }),
          ],
          controllers: [TokenController],
          providers: withFilter
            ? [{ provide: APP_FILTER, useClass: AdumoOAuthExceptionFilter }]
            : [],
        })
        class AppModule {}
        const app = await NestFactory.create(AppModule, { logger });
        await app.listen(0, '127.0.0.1');
        try {
          const res = await fetch(`${await app.getUrl()}/token`);
          const body = await res.text();
          expect(res.status).toBe(withFilter ? 502 : 500);
          const texts = [body, ...res.headers.values(), ...lines];
          expect(lines.join('\n')).toMatch(
            withFilter ? /Mapped|Nest/ : /TokenEndpointError|invalid_client/,
          );
          expect(NEEDLES.filter((n) => texts.some((t) => t.includes(n)))).toEqual([]);
        } finally {
          await app.close();
        }
      },
    );
  }
});
