import type { Provider } from '@nestjs/common';
import type { AdumoClient } from './adumo-oauth.client';
import { getAdumoMerchantsToken, getTokenPoolToken } from './adumo-oauth-pool.decorators';
import { AdumoMerchants } from './adumo-oauth.merchants';
import type { AdumoOAuthModuleOptions } from './adumo-oauth.options';
import {
  createAdumoPoolClient,
  isPoolClient,
  isPoolOptions,
  type AdumoOAuthPoolOptions,
  type AdumoPoolClient,
} from './adumo-oauth.pool';

/** What a registration holds: one merchant's client or a pool's. */
export type RegistrationClient = AdumoClient | AdumoPoolClient;

/** Build the registration's client: a pool's when the options have `credentials`. */
export function registrationClient(
  options: AdumoOAuthModuleOptions,
  name: string | undefined,
  http: boolean,
  single: (
    options: Exclude<AdumoOAuthModuleOptions, AdumoOAuthPoolOptions>,
    name: string | undefined,
  ) => AdumoClient,
): RegistrationClient | Promise<RegistrationClient> {
  return isPoolOptions(options)
    ? createAdumoPoolClient(options, name, http)
    : single(options, name);
}

/**
 * The pool providers every registration has (which kind it is may be known only once a
 * `forRootAsync` factory ran): the `TokenPool` (`undefined` in a one-merchant registration) and
 * {@link AdumoMerchants} (whose methods then throw a `TypeError` that says so).
 */
export function poolProviders(name: string | undefined, clientToken: symbol) {
  const where = `AdumoOAuthModule${name === undefined ? '' : ` "${name}"`}`;
  const poolToken = getTokenPoolToken(name);
  const merchantsToken = getAdumoMerchantsToken(name);
  const providers: Provider[] = [
    {
      provide: poolToken,
      useFactory: (client: RegistrationClient) => (isPoolClient(client) ? client.pool : undefined),
      inject: [clientToken],
    },
    {
      provide: merchantsToken,
      useFactory: (client: RegistrationClient) =>
        isPoolClient(client)
          ? client.merchants
          : new AdumoMerchants(undefined, {
              where,
              api: {},
              apiFetch: undefined,
              httpFor: undefined,
              maxCached: 1,
            }),
      inject: [clientToken],
    },
  ];
  return { providers, exported: [poolToken, merchantsToken] };
}
