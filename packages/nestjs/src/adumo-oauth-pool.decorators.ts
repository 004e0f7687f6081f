import { Inject } from '@nestjs/common';
import { TokenPool } from '@adumo-oauth/core';
import { AdumoMerchants } from './adumo-oauth.merchants';

/**
 * The injection token of a registration's `TokenPool` (a registration with `credentials`): the
 * `TokenPool` class itself for the default registration (so `constructor(pool: TokenPool)` works
 * by type), or `Symbol.for('@adumo-oauth/nestjs:token-pool:<name>')` for `forRoot({ name })`.
 */
export function getTokenPoolToken(name?: string): typeof TokenPool | symbol {
  return name === undefined ? TokenPool : Symbol.for(`@adumo-oauth/nestjs:token-pool:${name}`);
}

/**
 * The injection token of a registration's {@link AdumoMerchants}: the class itself for the
 * default registration, or `Symbol.for('@adumo-oauth/nestjs:merchants:<name>')` for a named one.
 */
export function getAdumoMerchantsToken(name?: string): typeof AdumoMerchants | symbol {
  return name === undefined ? AdumoMerchants : Symbol.for(`@adumo-oauth/nestjs:merchants:${name}`);
}

/**
 * Inject a registration's `TokenPool` (registered with `credentials`). Without `name`, the default
 * registration's (the same as injecting by type); with `name`, the one of `forRoot({ name, … })`.
 *
 * @example
 * constructor(@InjectTokenPool('platform') private readonly pool: TokenPool) {}
 */
export function InjectTokenPool(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getTokenPoolToken(name));
}

/**
 * Inject a registration's {@link AdumoMerchants} (per-merchant fetch and `HttpService`). Without
 * `name`, the default registration's (the same as injecting by type).
 *
 * @example
 * constructor(@InjectAdumoMerchants('platform') private readonly merchants: AdumoMerchants) {}
 */
export function InjectAdumoMerchants(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getAdumoMerchantsToken(name));
}
