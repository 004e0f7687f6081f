import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenManager } from '@adumo-oauth/core';
import { FRAMEWORKS, startApp } from './app';

/** A secret with every separator a redactor may stop at. */
const SECRET = 'Head&#+% é✓/=Tail-express-9c1';
const CLIENT = 'sweep-client';
const html = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const FORMS = {
  raw: SECRET,
  percent: encodeURIComponent(SECRET),
  form: new URLSearchParams({ v: SECRET }).toString().slice(2),
  html: html(SECRET),
  decoded: decodeURIComponent(new URLSearchParams({ v: SECRET }).toString().slice(2)),
  'base64 pair': Buffer.from(`${CLIENT}:${SECRET}`).toString('base64'),
  json: JSON.stringify(SECRET).slice(1, -1).replace(/\//g, '\\/'),
} as const;
/** Every 12-character window of every form: a partial leak counts too. */
const NEEDLES = Object.values(FORMS)
  .flatMap((f) => Array.from({ length: Math.max(1, f.length - 11) }, (_, i) => f.slice(i, i + 12)))
  .filter((n) => n.includes('Tail') || n.includes('Head') || /[%&=+]/.test(n));

let hostile: Server;
let tokenUrl: string;
beforeAll(async () => {
  // A token endpoint that echoes the secret, in every form above, everywhere it can.
  hostile = createServer((req, res) => {
    const all = Object.values(FORMS).join(' | ');
    res.writeHead(401, {
      'content-type': 'application/json',
      'www-authenticate': `Bearer error="invalid_client", secret="${FORMS.percent}"`,
      location: `https://elsewhere.test/?client_secret=${FORMS.form}&echo=${req.url ?? ''}`,
      'x-echo': FORMS.raw.replace(/[^\x20-\x7e]/g, '?'),
    });
    res.end(
      JSON.stringify({
        error: 'invalid_client',
        error_description: `Bad client credentials for ${all}`,
        message: all,
      }),
    );
  }).listen(0, '127.0.0.1');
  await once(hostile, 'listening');
  tokenUrl = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}/oauth/token`;
});
afterAll(() => {
  hostile.closeAllConnections();
  hostile.close();
});

describe.each(FRAMEWORKS)(
  '%s: a hostile token endpoint never leaks the secret',
  (_name, createApp) => {
    for (const clientAuth of ['query', 'basic'] as const) {
      for (const errorHandler of [true, false]) {
        it(`clientAuth ${clientAuth}, ${errorHandler ? 'adumoErrorHandler()' : "Express's own handler (development: stack in the page)"}`, async () => {
          const logs: string[] = [];
          const logger = {
            debug: (m: string) => logs.push(m),
            info: (m: string) => logs.push(m),
            warn: (m: string) => logs.push(m),
            error: (m: string) => logs.push(m),
          };
          const tokens = new TokenManager({
            tokenUrl,
            clientId: CLIENT,
            clientSecret: SECRET,
            clientAuth,
            logger,
            retry: { maxAttempts: 1 },
          });
          const events: unknown[] = [];
          tokens.on('refreshError', (e) => events.push(e));
          const previous = process.env.NODE_ENV;
          process.env.NODE_ENV = 'development'; // Express's final handler then renders err.stack
          // The middleware's own failure line goes to the same logger, and is swept too.
          const app = await startApp(createApp, tokens, tokenUrl, { errorHandler, logger });
          try {
            const res = await fetch(`${app.url}/token`);
            const page = await res.text();
            expect(res.status).toBeGreaterThanOrEqual(500);
            const texts = [
              page,
              ...res.headers.values(),
              ...logs,
              ...events.map((e) => inspect(e, { showHidden: true, depth: 10 })),
              ...events.map((e) => JSON.stringify(e)),
            ];
            for (const e of events as { error: { response?: Response } }[]) {
              const r = e.error.response;
              if (r !== undefined)
                texts.push(await r.clone().text(), ...[...r.headers].map((h) => h.join(': ')));
            }
            expect(logs.length + events.length).toBeGreaterThan(0);
            expect(logs.filter((l) => l.includes('token request failed (code'))).toHaveLength(1);
            const leaks = NEEDLES.filter((n) => texts.some((t) => t.includes(n)));
            expect(leaks).toEqual([]);
          } finally {
            process.env.NODE_ENV = previous;
            await app.close();
            await tokens.close();
          }
        });
      }
    }
  },
);
