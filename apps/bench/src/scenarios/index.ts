import { bundleSizeScenario } from './bundle-size';
import { expiryScenario } from './expiry';
import { failureCostScenario } from './failure-cost';
import { fleetScenario } from './fleet';
import { herdScenario } from './herd';
import { hotPathScenario } from './hot-path';
import { interceptorOverheadScenario } from './interceptor-overhead';
import { merchantsScenario } from './merchants';
import { merchantsFailureScenario } from './merchants-failure';
import { middlewareScenario } from './middleware';
import { outageScenario } from './outage';
import { stallScenario } from './stall';
import { stormScenario } from './storm';
import type { Scenario } from './types';
import { wrapperOverheadScenario } from './wrapper-overhead';

/** Every scenario, in the order. */
export const SCENARIOS: readonly Scenario[] = [
  hotPathScenario,
  herdScenario,
  expiryScenario,
  wrapperOverheadScenario,
  outageScenario,
  middlewareScenario,
  fleetScenario,
  stormScenario,
  stallScenario,
  merchantsScenario,
  failureCostScenario,
  merchantsFailureScenario,
  interceptorOverheadScenario,
  bundleSizeScenario,
];
