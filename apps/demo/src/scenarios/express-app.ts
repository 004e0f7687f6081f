import { createServer } from 'node:http';
import express, { type Express } from 'express';
import { TokenManager } from '@adumo-oauth/core';
import { adumoErrorHandler, adumoToken, getAdumo } from '@adumo-oauth/express';
import { checkoutStatus, runCardFlow } from '../support/card-flow';
import { closeServer, listenLocal, postBurst } from '../support/http';
import { countMock } from '../support/mock-counters';
import { burstOutcome } from '../support/burst-outcome';
import { summariseToken } from '../support/token-info';
import type { Target } from '../target';
import type { Scenario, ScenarioOutcome } from './types';

/** Concurrent HTTP requests sent to the app at once. */
export const EXPRESS_BURST = 50;

/**
 * The example app: `adumoToken(tokens)` in front of `/checkout`, whose handler pays through
 * `getAdumo(req).fetch` (the same as `req.adumo.fetch`, typed as present), and
 * `adumoErrorHandler()` turning token failures into 502/503 problem answers.
 */
export function createCheckoutApp(tokens: TokenManager): Express {
  const app = express();
  app.use(express.json());
  app.use('/checkout', adumoToken(tokens)); // one middleware, one token cache for every request
  app.post('/checkout', async (req, res) => {
    const { merchantReference } = req.body as { merchantReference: string };
    const payment = await runCardFlow(getAdumo(req).fetch, merchantReference);
    res.status(checkoutStatus(payment)).json(payment); // Express 5 forwards a rejection to next()
  });
  app.use(adumoErrorHandler());
  return app;
}

/**
 * Scenario 3 — an Express app on 127.0.0.1 (free port), hit by {@link EXPRESS_BURST} concurrent
 * checkout requests: every request succeeds and they all share one token request.
 */
export async function expressApp(target: Target): Promise<ScenarioOutcome> {
  const tokens = new TokenManager({
    baseUrl: target.baseUrl,
    clientId: target.clientId,
    clientSecret: target.clientSecret,
  });
  const server = createServer(createCheckoutApp(tokens));
  const seen = target.mock && countMock(target.mock, target.clientId);
  try {
    const url = await listenLocal(server);
    const load = await postBurst(`${url}/checkout`, EXPRESS_BURST, (i) => ({
      merchantReference: `express-${i}`,
    }));
    const { requests } = tokens.stats();
    const apiCalls = seen?.().apiCalls;
    return {
      summary: `${load.calls} concurrent checkouts (initiate → authorise → settle each) through ${url}`,
      token: await tokens.getToken().then(summariseToken, () => undefined),
      ...burstOutcome(target, load, EXPRESS_BURST, requests, apiCalls),
    };
  } finally {
    await closeServer(server);
    await tokens.close();
  }
}

/** Scenario 3 as run by the demo. */
export const expressScenario: Scenario = {
  id: 'express',
  title: `Express adumoToken(): ${EXPRESS_BURST} concurrent checkouts`,
  adapter: '@adumo-oauth/express',
  mockOnly: false,
  run: expressApp,
};
