import { once } from 'node:events';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import express4 from 'express4';
import type { TokenManagerOptions, TokenSource } from '@adumo-oauth/core';
import { adumoErrorHandler, adumoToken, getAdumo, type AdumoTokenOptions } from '../src';

/** The parts of an Express 4 or 5 app these tests use. */
export interface AppLike extends RequestListener {
  use(...handlers: unknown[]): unknown;
  get(path: string, ...handlers: unknown[]): unknown;
  post(path: string, ...handlers: unknown[]): unknown;
}

/** Both supported Express majors, for `describe.each`. */
export const FRAMEWORKS: [string, () => AppLike][] = [
  ['Express 5', () => express()],
  ['Express 4', () => express4()],
];

type Route = (req: Request, res: Response) => Promise<void>;
/** Express 4 does not catch rejected promises: route them to next() (harmless on Express 5). */
const wrap = (route: Route) => (req: Request, res: Response, next: NextFunction) => {
  route(req, res).catch(next);
};

/**
 * A real Express app on 127.0.0.1:0 with the middleware mounted after `/unmounted`:
 * - `POST /pay` calls the mock's card API through `req.adumo.fetch` and relays the answer;
 * - `GET /token` asks for the token; `GET /health` never does; `GET /boom` throws a non-Adumo error.
 * Errors go to `adumoErrorHandler()` then a pass-on recorder, or (`errorHandler: false`) to
 * Express's own final handler.
 */
export async function startApp(
  createApp: () => AppLike,
  sourceOrOptions: TokenSource | TokenManagerOptions,
  apiBaseUrl: string,
  options: AdumoTokenOptions & { errorHandler?: boolean } = {},
) {
  const app = createApp();
  app.get('/unmounted', (req: Request, res: Response) => {
    res.json({ context: getAdumo(req) !== undefined });
  });
  const { errorHandler = true, ...middlewareOptions } = options;
  app.use(adumoToken(sourceOrOptions, middlewareOptions));
  app.get('/health', (req: Request, res: Response) => {
    res.json({ ok: true, token: req.adumo?.token !== undefined });
  });
  app.get(
    '/token',
    wrap(async (req, res) => {
      const adumo = getAdumo(req);
      const eager = adumo.token !== undefined;
      const token = await adumo.getToken();
      res.json({ eager, jti: token.jti, same: adumo.token === token });
    }),
  );
  app.post(
    '/pay',
    wrap(async (req, res) => {
      const upstream = await getAdumo(req).fetch(
        `${apiBaseUrl}/products/payments/v1/card/initiate`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ amount: 1000, currency: 'ZAR', merchantReference: 'order-1' }),
        },
      );
      res.status(upstream.status).json(await upstream.json());
    }),
  );
  app.get('/boom', () => {
    throw new Error('not an Adumo error');
  });
  if (errorHandler) {
    app.use(adumoErrorHandler());
    app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
      res.status(500).json({ passedOn: error.message });
    });
  }
  return listen(app);
}

async function listen(app: AppLike) {
  const server = createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
