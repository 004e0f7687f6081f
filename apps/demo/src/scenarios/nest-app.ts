import { createRequire } from 'node:module';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { TokenManager } from '@adumo-oauth/nestjs';
import { AppModule } from '../nest/app.module';
import { StderrLogger } from '../nest/stderr.logger';
import { postBurst } from '../support/http';
import { combine } from '../support/load';
import { countMock } from '../support/mock-counters';
import { accepted, statusList } from '../support/stats';
import { burstOutcome } from '../support/burst-outcome';
import type { TokenSummary } from '../support/token-info';
import type { Target } from '../target';
import { check, type Scenario, type ScenarioOutcome } from './types';

/** Concurrent HTTP requests sent to the Nest app at once (half through each Adumo client). */
export const NEST_BURST = 50;

/** The Nest the app runs on (the demo's `@nestjs/core`), e.g. `12.5.1`. */
const NEST_VERSION = (
  createRequire(import.meta.url)('@nestjs/core/package.json') as { version: string }
).version;

/**
 * Scenario 4 — a NestJS 12 app (platform-express) with `AdumoOAuthModule.forRootAsync` fed by
 * `ConfigService`, on 127.0.0.1 (free port), hit by {@link NEST_BURST} concurrent checkouts: half
 * pay through the injected fetch (`POST /checkout`), half through the injected Adumo `HttpService`
 * (`POST /checkout/http`), all on one token. Its `/token-info` route shows the injected
 * `TokenManager`. The app is closed at the end.
 */
export async function nestApp(target: Target): Promise<ScenarioOutcome> {
  const seen = target.mock && countMock(target.mock, target.clientId);
  let app: INestApplication | undefined;
  try {
    app = await NestFactory.create(
      AppModule.register({
        baseUrl: target.baseUrl,
        clientId: target.clientId,
        clientSecret: target.clientSecret,
      }),
      {
        logger: new StderrLogger(),
        abortOnError: false, // throw instead of exiting the process on a start-up error
      },
    );
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const half = NEST_BURST / 2;
    const [viaFetch, viaHttp] = await Promise.all([
      postBurst(`${url}/checkout`, half, (i) => ({ merchantReference: `nest-${i}` })),
      postBurst(`${url}/checkout/http`, half, (i) => ({ merchantReference: `nest-http-${i}` })),
    ]);
    const load = combine(viaFetch, viaHttp);
    const info = await fetch(`${url}/token-info`);
    const token = info.ok ? ((await info.json()) as TokenSummary) : undefined;
    const { requests } = app.get(TokenManager).stats();
    const apiCalls = seen?.().apiCalls;
    const outcome = burstOutcome(target, load, NEST_BURST, requests, apiCalls);
    const nestMajor = Number(NEST_VERSION.split('.')[0]);
    return {
      summary:
        `Nest ${NEST_VERSION}: ${load.calls} concurrent checkouts through ${url} ` +
        `(${viaFetch.calls} via the injected fetch, ${viaHttp.calls} via the Adumo HttpService), then GET /token-info`,
      token,
      ...outcome,
      metrics: { ...outcome.metrics, nestMajor },
      checks: [
        ...outcome.checks,
        check(
          `the injected HttpService ${target.kind === 'mock' ? 'paid' : 'was authorised'} too`,
          viaHttp.calls === half && accepted(viaHttp.outcomes, target.kind) === half,
          `${viaHttp.calls} via POST /checkout/http (${statusList(viaHttp.outcomes)})`,
        ),
        check('GET /token-info answered', token !== undefined, `HTTP ${info.status}`),
        check('on Nest 12', nestMajor === 12, `@nestjs/core ${NEST_VERSION}`),
      ],
    };
  } finally {
    await app?.close(); // closes the HTTP server and the module's TokenManager
  }
}

/** Scenario 4 as run by the demo. */
export const nestScenario: Scenario = {
  id: 'nestjs',
  title: `NestJS 12 AdumoOAuthModule.forRootAsync(ConfigService): ${NEST_BURST} concurrent checkouts (fetch + HttpService)`,
  adapter: '@adumo-oauth/nestjs',
  mockOnly: false,
  run: nestApp,
};
