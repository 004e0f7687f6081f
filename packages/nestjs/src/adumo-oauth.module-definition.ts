import { ConfigurableModuleBuilder, type DynamicModule, type Provider } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { createAdumoClient } from './adumo-oauth.client';
import {
  ADUMO_CLIENT,
  getAdumoFetchToken,
  getAdumoHttpToken,
  getTokenManagerToken,
} from './adumo-oauth.constants';
import { createAdumoHttpService } from './adumo-oauth.http';
import { AdumoOAuthLifecycle } from './adumo-oauth.lifecycle';
import {
  poolProviders,
  registrationClient,
  type RegistrationClient,
} from './adumo-oauth-pool.providers';
import { ADUMO_REGISTRATION, assertUnambiguous } from './registration-check';
import type { AdumoOAuthModuleExtras, AdumoOAuthModuleOptions } from './adumo-oauth.options';

const extrasDefaults: AdumoOAuthModuleExtras = { isGlobal: false, name: undefined, http: false };

/** The builder's output: the base class with `forRoot`/`forRootAsync`, and the (private) options token. */
export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN: ADUMO_OAUTH_MODULE_OPTIONS } =
  new ConfigurableModuleBuilder<AdumoOAuthModuleOptions>({
    optionsInjectionToken: Symbol('@adumo-oauth/nestjs:options'),
  })
    .setClassMethodName('forRoot')
    .setFactoryMethodName('createAdumoOAuthOptions')
    .setExtras(extrasDefaults, withClientProviders)
    .build();

/** Adds the registration's providers and exports (named or default tokens) and `global`. */
function withClientProviders(
  definition: DynamicModule,
  extras: AdumoOAuthModuleExtras,
): DynamicModule {
  const name = checkName(extras.name);
  const tokenManagerToken = getTokenManagerToken(name);
  const fetchToken = getAdumoFetchToken(name);
  const providers: Provider[] = [
    { provide: ADUMO_REGISTRATION, useValue: { name } },
    {
      provide: ADUMO_CLIENT,
      useFactory: (options: AdumoOAuthModuleOptions, modules: ModulesContainer) => {
        assertUnambiguous(modules);
        return registrationClient(options, name, extras.http === true, createAdumoClient);
      },
      inject: [ADUMO_OAUTH_MODULE_OPTIONS, ModulesContainer],
    },
    {
      provide: tokenManagerToken,
      useFactory: (client: RegistrationClient) =>
        'tokenManager' in client ? client.tokenManager : undefined,
      inject: [ADUMO_CLIENT],
    },
    {
      provide: fetchToken,
      useFactory: (client: RegistrationClient) => client.fetch,
      inject: [ADUMO_CLIENT],
    },
    AdumoOAuthLifecycle,
  ];
  const exported: NonNullable<DynamicModule['exports']> = [tokenManagerToken, fetchToken];
  const pool = poolProviders(name, ADUMO_CLIENT);
  providers.push(...pool.providers);
  exported.push(...pool.exported);
  if (extras.http === true) {
    const httpToken = getAdumoHttpToken(name);
    const where = `AdumoOAuthModule${name === undefined ? '' : ` "${name}"`}`;
    providers.push({
      provide: httpToken,
      useFactory: (client: RegistrationClient) =>
        'tokenManager' in client
          ? createAdumoHttpService(client.tokenManager, client.api, where)
          : undefined, // a pool registration: AdumoMerchants.http(merchantId)
      inject: [ADUMO_CLIENT],
    });
    exported.push(httpToken);
  }
  return {
    ...definition,
    global: extras.isGlobal === true,
    providers: [...(definition.providers ?? []), ...providers],
    exports: exported,
  };
}

function checkName(name: unknown): string | undefined {
  if (name === undefined) return undefined;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new TypeError('AdumoOAuthModule: name must be a non-empty string when given');
  }
  return name;
}
