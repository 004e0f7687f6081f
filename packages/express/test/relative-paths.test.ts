import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenManager, type TokenSource } from '@adumo-oauth/core';
import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { adumoErrorHandler, adumoToken, getAdumo, type AdumoTokenOptions } from '../src';
import { FRAMEWORKS, type AppLike } from './app';

/** A real server that records the URL and Authorization header of every request. */
async function startRecorder(host: '127.0.0.1' | 'localhost' = '127.0.0.1') {
  const seen: { url: string; authorization: string | undefined }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    seen,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** `GET /call?to=<input>` calls `req.adumo.fetch(input)` and relays the status and body. */
async function startApp(createApp: () => AppLike, source: TokenSource, o?: AdumoTokenOptions) {
  const app = createApp();
  app.use(adumoToken(source, { lazy: true, logger: false, ...o }));
  app.get('/call', (req: Request, res: Response, next: NextFunction) => {
    getAdumo(req)
      .fetch(req.query.to as string)
      .then(async (upstream) => res.status(upstream.status).send(await upstream.text()))
      .catch(next);
  });
  app.use(adumoErrorHandler());
  const server = createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    call: async (to: string) => {
      const port = (server.address() as AddressInfo).port;
      const res = await fetch(`http://127.0.0.1:${port}/call?to=${encodeURIComponent(to)}`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

describe.each(FRAMEWORKS)('%s: req.adumo.fetch with paths', (_name, createApp) => {
  let mock: MockAdumo;
  let tokens: TokenManager;
  let api: Awaited<ReturnType<typeof startRecorder>>;
  let other: Awaited<ReturnType<typeof startRecorder>>;
  let app: Awaited<ReturnType<typeof startApp>> | undefined;

  beforeEach(async () => {
    mock = await startMockAdumo();
    api = await startRecorder();
    other = await startRecorder('localhost');
    tokens = new TokenManager({
      baseUrl: mock.baseUrl,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
    });
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await api.close();
    await other.close();
    await mock.close();
  });

  it('a path goes to the base URL; an absolute URL still works', async () => {
    app = await startApp(createApp, tokens);
    const expected = { status: 200, body: { status: 'ok', clientId: DEFAULT_CLIENT.clientId } };
    expect(await app.call('/products/ping')).toEqual(expected);
    expect(await app.call(`${mock.baseUrl}/products/ping`)).toEqual(expected);
    expect(mock.stats.snapshot().apiCallsByPath).toEqual({ '/products/ping': 2 });
  });

  it("keeps the base URL's path prefix; `..`, `//host` and queries stay on its origin", async () => {
    const prefixed: TokenSource = {
      baseUrl: `${api.url}/api`,
      getToken: (options) => tokens.getToken(options),
    };
    app = await startApp(createApp, prefixed);
    const host = new URL(other.url).host;
    for (const path of [
      '/products/x',
      `/x?to=${other.url}`,
      `//${host}/x`,
      `/..//${host}/x`,
      `/@${host}/x`,
    ]) {
      expect((await app.call(path)).status).toBe(200);
    }
    expect(api.seen.map((r) => r.url)).toEqual([
      '/api/products/x',
      `/api/x?to=${other.url}`,
      `/api//${host}/x`,
      `//${host}/x`,
      `/api/@${host}/x`,
    ]);
    expect(api.seen.every((r) => r.authorization?.startsWith('Bearer ey') === true)).toBe(true);
    expect(other.seen).toHaveLength(0);
  });

  it('another origin is still refused (500 origin_not_allowed), nothing sent', async () => {
    app = await startApp(createApp, tokens);
    const answer = await app.call(`${other.url}/products/ping`);
    expect(answer).toMatchObject({ status: 500, body: { code: 'origin_not_allowed' } });
    expect(other.seen).toHaveLength(0);
    expect(mock.stats.snapshot().tokenRequests).toBe(0);
  });

  it('without a baseUrl a path is a config error (500), nothing sent', async () => {
    const noBase: TokenSource = { getToken: (options) => tokens.getToken(options) };
    app = await startApp(createApp, noBase, { allowedOrigins: [api.url] });
    expect(await app.call('/products/x')).toMatchObject({
      status: 500,
      body: { code: 'config' },
    });
    expect(api.seen).toHaveLength(0);
    expect(mock.stats.snapshot().tokenRequests).toBe(0);
    expect((await app.call(`${api.url}/products/x`)).status).toBe(200);
  });
});
