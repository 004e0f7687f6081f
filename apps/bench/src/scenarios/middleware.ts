import { createServer } from 'node:http';
import express from 'express';
import type { DriverInstance, Middleware } from '../drivers/types';
import { close, listen, type LoadResult } from '../harness/http-load';
import { withDriver } from '../harness/with-driver';
import type { Scenario } from './types';

/** For libraries without an Express middleware: what a user writes around their `getToken`. */
function genericMiddleware(instance: DriverInstance): Middleware {
  return (req, _res, next) => {
    instance.getToken().then(
      (token) => {
        (req as { accessToken?: string }).accessToken = token;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}

function app(middleware: Middleware | undefined): express.Express {
  const result = express();
  result.disable('x-powered-by');
  if (middleware !== undefined) result.use(middleware);
  result.get('/charge', (_req, res) => {
    res.json({ ok: true });
  });
  return result;
}

/** 6. Requests/s of an Express app with the token middleware versus without it. */
export const middlewareScenario: Scenario = {
  id: 'middleware',
  title: '6. Express middleware',
  description:
    'Requests/s (2xx) of a one-route Express 5 app with the token middleware (ours: `adumoToken()`; ' +
    'others: a three-line middleware around their `getToken`) versus the same app without it, ' +
    'loaded by autocannon from a child process in alternating runs (bare, with, with, bare, 1 s ' +
    'each) after a warm-up run.',
  metrics: [
    {
      key: 'ratio',
      label: 'with / bare',
      unit: '×',
      better: 'higher',
      decimals: 2,
      target: { text: '≥ 0.95', met: (ours) => ours >= 0.95 },
    },
    {
      key: 'rpsWith',
      label: 'req/s with middleware',
      unit: 'req/s',
      better: 'higher',
      decimals: 0,
    },
    { key: 'rpsBare', label: 'req/s bare Express', unit: 'req/s', better: 'higher', decimals: 0 },
    { key: 'non2xx', label: 'non-2xx + errors', unit: 'count', better: 'lower', decimals: 0 },
  ],
  run: (driver, { startMock, sizes, load }) =>
    withDriver(driver, startMock, {}, async (instance) => {
      const { run, connections } = sizes.middleware;
      await instance.getToken();
      const bareServer = createServer(app(undefined));
      const withServer = createServer(app(instance.middleware ?? genericMiddleware(instance)));
      try {
        const bareUrl = `${await listen(bareServer)}/charge`;
        const withUrl = `${await listen(withServer)}/charge`;
        await load(withUrl, run, connections); // warm-up: JIT, sockets, the first token
        const runs: [LoadResult[], LoadResult[]] = [[], []];
        for (const [which, url] of [
          [0, bareUrl],
          [1, withUrl],
          [1, withUrl],
          [0, bareUrl],
        ] as const) {
          runs[which].push(await load(url, run, connections));
        }
        const rps = (results: LoadResult[]): number =>
          results.reduce((sum, r) => sum + r.rps, 0) / results.length;
        const rpsBare = rps(runs[0]);
        const rpsWith = rps(runs[1]);
        const non2xx = runs[1].reduce((sum, r) => sum + r.non2xx + r.errors, 0);
        return { ratio: rpsWith / rpsBare, rpsWith, rpsBare, non2xx };
      } finally {
        await Promise.all([close(bareServer), close(withServer)]);
      }
    }),
};
