import { adumoDriver } from './adumo';
import { adumoAxiosDriver } from './adumo-axios';
import { axiosAuthRefreshDriver } from './axios-auth-refresh';
import { badgatewayDriver } from './badgateway';
import { idealDriver } from './ideal';
import { naiveDriver } from './naive';
import { openidClientDriver } from './openid-client';
import { simpleOauth2Driver } from './simple-oauth2';
import type { Driver } from './types';

/** Every driver, in table column order: ours, the baselines, then the other libraries. */
export const DRIVERS: readonly Driver[] = [
  adumoDriver,
  adumoAxiosDriver,
  idealDriver,
  naiveDriver,
  badgatewayDriver,
  openidClientDriver,
  simpleOauth2Driver,
  axiosAuthRefreshDriver,
];
