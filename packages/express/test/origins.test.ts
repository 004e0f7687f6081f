import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenManager } from '@adumo-oauth/core';
import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { adumoToken, getAdumo } from '../src';
import { FRAMEWORKS } from './app';

/** A second real server (another origin) that records the headers of every request. */
async function startOther() {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    res.end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

describe.each(FRAMEWORKS)('%s: req.adumo.fetch sends the token only to Adumo', (_n, createApp) => {
  let mock: MockAdumo;
  let other: Awaited<ReturnType<typeof startOther>>;
  let tokens: TokenManager;
  let app: Awaited<ReturnType<typeof startOther>> | undefined;

  beforeEach(async () => {
    mock = await startMockAdumo();
    other = await startOther();
    tokens = new TokenManager({
      baseUrl: mock.baseUrl,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
    });
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await other.close();
    await mock.close();
  });

  async function start(allowedOrigins?: string[]) {
    const expressApp = createApp();
    expressApp.use(adumoToken(tokens, { lazy: true, allowedOrigins }));
    expressApp.get('/call', (req: Request, res: Response, next: NextFunction) => {
      getAdumo(req)
        .fetch(`${req.query.to as string}/products/ping`)
        .then(
          (upstream) => res.json({ status: upstream.status }),
          (error: Error) => res.json({ refused: error.name }),
        )
        .catch(next);
    });
    const server = createServer(expressApp);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      url,
      seen: [],
      close: async () => {
        server.closeAllConnections();
        server.close();
        await once(server, 'close');
      },
    };
  }

  it('refuses another origin: nothing is sent, no token is requested', async () => {
    app = await start();
    const res = await fetch(`${app.url}/call?to=${encodeURIComponent(other.url)}`);
    expect(await res.json()).toEqual({ refused: 'OriginNotAllowedError' });
    expect(other.seen).toHaveLength(0);
    expect(mock.stats.snapshot().tokenRequests).toBe(0);
  });

  it('sends the token to the base URL and to allowedOrigins', async () => {
    app = await start([other.url]);
    const toMock = await fetch(`${app.url}/call?to=${encodeURIComponent(mock.baseUrl)}`);
    expect(await toMock.json()).toEqual({ status: 200 });
    await fetch(`${app.url}/call?to=${encodeURIComponent(other.url)}`);
    expect(other.seen.map((h) => h.authorization?.startsWith('Bearer '))).toEqual([true]);
    expect(mock.stats.snapshot().tokenRequests).toBe(1);
  });
});
