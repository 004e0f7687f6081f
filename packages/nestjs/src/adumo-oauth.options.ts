import type { ConfigurableModuleAsyncOptions } from '@nestjs/common';
import type { Logger, TokenManager, TokenManagerOptions } from '@adumo-oauth/core';
import type { AuthorizedRequestOptions, FetchLike } from '@adumo-oauth/fetch';
import type { AdumoOAuthPoolOptions } from './adumo-oauth.pool';

/**
 * How the injected authorized fetch behaves; shared by both forms of {@link AdumoOAuthModuleOptions}.
 * `retryOnUnauthorized` and `allowedOrigins` apply to the fetch and the `HttpService`: the fetch
 * refuses any other origin; the HttpService sends to it without the token.
 */
export interface AdumoOAuthFetchOptions extends AuthorizedRequestOptions {
  /** The `fetch` that sends API requests. Default: `globalThis.fetch`, looked up on every call. */
  readonly apiFetch?: FetchLike | undefined;
}

/**
 * Let the module build (and, at application shutdown, close) a `TokenManager` from these options:
 * every `TokenManager` option (`baseUrl`, `clientId`, `clientSecret`, `store`, …), plus `logger`
 * (default: Nest's) and `closeStore`.
 */
export type AdumoOAuthManagedOptions = Omit<TokenManagerOptions, 'logger'> &
  AdumoOAuthFetchOptions & {
    /**
     * Where the core logs (refresh failures, store trouble; never secrets or tokens). Default:
     * Nest's `Logger` with context `AdumoOAuth` (`AdumoOAuth:<name>` for a named registration), so
     * it follows the app's logger and log levels. `false`: no logging.
     */
    readonly logger?: Logger | false | undefined;
    /**
     * Close the `store` (if it has a `close()` method, e.g. `RedisTokenStore`) at application
     * shutdown, once even when several registrations share it. Default `true`; set `false` when the
     * store is also used outside this Nest application.
     */
    readonly closeStore?: boolean | undefined;
    /** Not with `clientId`/`clientSecret`: see {@link AdumoOAuthExistingOptions}. */
    readonly tokenManager?: undefined;
    /** Not with `clientId`/`clientSecret`: see {@link AdumoOAuthPoolOptions}. */
    readonly credentials?: undefined;
  };

/**
 * Use a `TokenManager` you built yourself (e.g. shared with code outside Nest). The module does not
 * close it: its owner does.
 */
export interface AdumoOAuthExistingOptions extends AdumoOAuthFetchOptions {
  /** The manager whose tokens the injected fetch and `HttpService` send (and `@InjectTokenManager()` gives). */
  readonly tokenManager: TokenManager;
  /** Not used: a manager you pass in keeps its own logger. */
  readonly logger?: undefined;
  /** Not used: a manager you pass in keeps its own store. */
  readonly closeStore?: undefined;
  /** Not with `tokenManager`. */
  readonly credentials?: undefined;
}

/**
 * What `forRoot()` takes (besides the extras) and what a `forRootAsync()` factory returns: one
 * merchant (`TokenManager` options or `{ tokenManager }`) or many (`credentials`: a `TokenPool`).
 */
export type AdumoOAuthModuleOptions =
  AdumoOAuthManagedOptions | AdumoOAuthExistingOptions | AdumoOAuthPoolOptions;

/**
 * Static options of `forRoot()`/`forRootAsync()`, read when the module is defined (so never from
 * the async factory).
 */
export interface AdumoOAuthModuleExtras {
  /** Make the registration's providers injectable in every module without importing. Default `false`. */
  readonly isGlobal?: boolean | undefined;
  /**
   * Register a named client, injected with `@InjectTokenManager(name)`/`@InjectAdumoFetch(name)`
   * instead of by type. Default: the unnamed (default) registration.
   */
  readonly name?: string | undefined;
  /**
   * Also provide an Adumo `HttpService` (`@nestjs/axios`) for this registration, injected with
   * `@InjectAdumoHttp()` / `@InjectAdumoHttp(name)`: its own axios instance whose calls carry this
   * registration's token. Needs the optional peers `@nestjs/axios`, `axios` and
   * `@adumo-oauth/axios`, loaded only when this is `true`. Default `false`.
   */
  readonly http?: boolean | undefined;
}

/** What `forRoot()` takes: the module options plus the static extras. */
export type AdumoOAuthRootOptions = AdumoOAuthModuleOptions & AdumoOAuthModuleExtras;

/**
 * A class for `forRootAsync({ useClass })` / `forRootAsync({ useExisting })` that produces the
 * module options (it may inject `ConfigService` or anything else in scope).
 */
export interface AdumoOAuthOptionsFactory {
  /** Called once when the module starts; returns (or resolves) the registration's options. */
  createAdumoOAuthOptions(): AdumoOAuthModuleOptions | Promise<AdumoOAuthModuleOptions>;
}

/** What `forRootAsync()` takes: `useFactory` | `useClass` | `useExisting`, `inject`, `imports`, extras. */
export interface AdumoOAuthModuleAsyncOptions
  extends
    ConfigurableModuleAsyncOptions<AdumoOAuthModuleOptions, 'createAdumoOAuthOptions'>,
    AdumoOAuthModuleExtras {}
