import { axiosScenario } from './axios-client';
import { expressScenario } from './express-app';
import { manyMerchantsScenario } from './many-merchants';
import { nestScenario } from './nest-app';
import { plainFetchScenario } from './plain-fetch';
import { revokedTokensScenario } from './revoked-tokens';
import { shortLifetimeScenario } from './short-lifetime';
import { tokenOutageScenario } from './token-outage';
import { undiciInterceptorScenario } from './undici-interceptor';
import type { Scenario } from './types';

/**
 * Every scenario, in the order the demo runs them: the four adapters (fetch, axios, Express,
 * Nest), the lifecycle scenes, many merchants in one pool, then the undici interceptor.
 */
export const SCENARIOS: readonly Scenario[] = [
  plainFetchScenario,
  axiosScenario,
  expressScenario,
  nestScenario,
  shortLifetimeScenario,
  revokedTokensScenario,
  tokenOutageScenario,
  manyMerchantsScenario,
  undiciInterceptorScenario,
];
