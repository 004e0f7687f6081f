import { TokenManager } from '@adumo-oauth/core';

/**
 * Injection token of the default (unnamed) registration's authorized fetch. A `Symbol.for` key, so
 * it is the same token even when two copies of this package are loaded (ESM and CommonJS).
 * Prefer {@link InjectAdumoFetch} over using it directly.
 */
export const ADUMO_FETCH: unique symbol = Symbol.for('@adumo-oauth/nestjs:fetch');

/** Per-module holder of the manager, the fetch and the shutdown duty. Never exported from a module. */
export const ADUMO_CLIENT: unique symbol = Symbol('@adumo-oauth/nestjs:client');

/**
 * The injection token of a registration's `TokenManager`: the `TokenManager` class itself for the
 * default registration (so `constructor(tokens: TokenManager)` works by type), or
 * `Symbol.for('@adumo-oauth/nestjs:token-manager:<name>')` for `forRoot({ name })`.
 */
export function getTokenManagerToken(name?: string): typeof TokenManager | symbol {
  return name === undefined
    ? TokenManager
    : Symbol.for(`@adumo-oauth/nestjs:token-manager:${name}`);
}

/**
 * The injection token of a registration's authorized fetch: {@link ADUMO_FETCH} for the default
 * registration, or `Symbol.for('@adumo-oauth/nestjs:fetch:<name>')` for `forRoot({ name })`.
 */
export function getAdumoFetchToken(name?: string): symbol {
  return name === undefined ? ADUMO_FETCH : Symbol.for(`@adumo-oauth/nestjs:fetch:${name}`);
}

/**
 * Injection token of the default (unnamed) registration's Adumo `HttpService` (registered with
 * `http: true`). Prefer {@link InjectAdumoHttp} over using it directly.
 */
export const ADUMO_HTTP: unique symbol = Symbol.for('@adumo-oauth/nestjs:http');

/**
 * The injection token of a registration's Adumo `HttpService`: {@link ADUMO_HTTP} for the default
 * registration, or `Symbol.for('@adumo-oauth/nestjs:http:<name>')` for `forRoot({ name })`.
 */
export function getAdumoHttpToken(name?: string): symbol {
  return name === undefined ? ADUMO_HTTP : Symbol.for(`@adumo-oauth/nestjs:http:${name}`);
}
