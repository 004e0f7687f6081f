import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { TokenManager } from '@adumo-oauth/nestjs';
import { AppModule } from '../nest/app.module';
import { StderrLogger } from '../nest/stderr.logger';
import { postBurst } from '../support/http';
import { countMock } from '../support/mock-counters';
import { burstOutcome } from '../support/burst-outcome';
import type { TokenSummary } from '../support/token-info';
import type { Target } from '../target';
import { check, type Scenario, type ScenarioOutcome } from './types';

/** Concurrent HTTP requests sent to the Nest app at once. */
export const NEST_BURST = 50;

/**
 * Scenario 4 — a NestJS 12 app (platform-express) with `AdumoOAuthModule.forRootAsync` fed by
 * `ConfigService`, on 127.0.0.1 (free port), hit by {@link NEST_BURST} concurrent checkouts; its
 * `/token-info` route shows the injected `TokenManager`. The app is closed at the end.
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
    const load = await postBurst(`${url}/checkout`, NEST_BURST, (i) => ({
      merchantReference: `nest-${i}`,
    }));
    const info = await fetch(`${url}/token-info`);
    const token = info.ok ? ((await info.json()) as TokenSummary) : undefined;
    const { requests } = app.get(TokenManager).stats();
    const apiCalls = seen?.().apiCalls;
    const outcome = burstOutcome(target, load, NEST_BURST, requests, apiCalls);
    return {
      summary: `${load.calls} concurrent checkouts through ${url}, then GET /token-info`,
      token,
      ...outcome,
      checks: [
        ...outcome.checks,
        check('GET /token-info answered', token !== undefined, `HTTP ${info.status}`),
      ],
    };
  } finally {
    await app?.close(); // closes the HTTP server and the module's TokenManager
  }
}

/** Scenario 4 as run by the demo. */
export const nestScenario: Scenario = {
  id: 'nestjs',
  title: `NestJS 12 AdumoOAuthModule.forRootAsync(ConfigService): ${NEST_BURST} concurrent checkouts`,
  adapter: '@adumo-oauth/nestjs',
  mockOnly: false,
  run: nestApp,
};
