import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { TokenHealth, TokenManager, TokenPool, TokenPoolHealth } from '@adumo-oauth/core';
import { getTokenManagerToken } from './adumo-oauth.constants';
import { getTokenPoolToken } from './adumo-oauth-pool.decorators';
import { loadHealthIndicatorService, type HealthIndicatorServiceLike } from './terminus-peer';

const WHERE = 'AdumoOAuthHealthIndicator';

/** Options of {@link AdumoOAuthHealthIndicator.isHealthy}. */
export interface AdumoOAuthHealthOptions {
  /** The registration to check (`forRoot({ name })`); default: the default (unnamed) one. */
  readonly name?: string | undefined;
  /** Report `stale` (a valid token served while refreshes fail) as up. Default `true`. */
  readonly staleIsUp?: boolean | undefined;
}

/** A Terminus health indicator result: `{ [key]: { status, ...the TokenHealth snapshot } }`. */
export type AdumoOAuthHealthResult<Key extends string = string> = Record<
  Key,
  {
    /** `up` or `down`, as decided from the snapshot's `state` (see {@link AdumoOAuthHealthIndicator}). */
    status: 'up' | 'down';
  } & (Partial<TokenHealth> | Partial<TokenPoolHealth>)
>;

/**
 * A `@nestjs/terminus` health indicator for a registration's `TokenManager`, from its `health()`
 * snapshot (no I/O, no token request): up for `ok` and `empty` (and `stale` unless
 * `staleIsUp: false`), down for `failing`. The details are the snapshot: state, expiry, failures
 * in a row, the last error's code and status, the cooldown's end — never a secret or a token.
 * For a registration with `credentials` (a `TokenPool`) the pool's health: down only when every
 * merchant with a state is failing (one merchant's revoked secret does not take the service down;
 * `degraded` is up), details `state`, `merchants` and `byState`.
 * `@nestjs/terminus` (11 or later) is an optional peer, loaded when this provider starts.
 *
 * @example
 * // providers: [AdumoOAuthHealthIndicator], imports: [TerminusModule]
 * @Get('health') @HealthCheck()
 * check() { return this.health.check([() => this.adumo.isHealthy('adumo-oauth')]); }
 */
@Injectable()
export class AdumoOAuthHealthIndicator implements OnModuleInit {
  #service: Promise<HealthIndicatorServiceLike> | undefined;

  constructor(@Inject(ModuleRef) private readonly moduleRef: ModuleRef) {}

  /** Loads `@nestjs/terminus` at start-up, so a missing one fails the start, not the first check. */
  async onModuleInit(): Promise<void> {
    await this.#terminus();
  }

  /** The health of the registration `options.name` (default: the default one) under `key`. */
  async isHealthy<const Key extends string = 'adumo-oauth'>(
    key: Key = 'adumo-oauth' as Key,
    options: AdumoOAuthHealthOptions = {},
  ): Promise<AdumoOAuthHealthResult<Key>> {
    const indicator = (await this.#terminus()).check(key);
    const health: TokenHealth | TokenPoolHealth = this.#tokens(options.name).health();
    const details = Object.fromEntries(
      Object.entries(health).filter(([, value]) => value !== undefined),
    );
    const up =
      health.state === 'ok' ||
      health.state === 'empty' ||
      health.state === 'degraded' ||
      (health.state === 'stale' && options.staleIsUp !== false);
    return (up ? indicator.up(details) : indicator.down(details)) as AdumoOAuthHealthResult<Key>;
  }

  #terminus(): Promise<HealthIndicatorServiceLike> {
    this.#service ??= loadHealthIndicatorService(WHERE).then((Service) => {
      try {
        return this.moduleRef.get(Service, { strict: false });
      } catch {
        return new Service(); // TerminusModule not imported: the service is stateless
      }
    });
    return this.#service;
  }

  #tokens(name: string | undefined): { health(): TokenHealth | TokenPoolHealth } {
    const find = (token: unknown): { health?: unknown } | undefined => {
      try {
        return this.moduleRef.get<{ health?: unknown }>(token as symbol, { strict: false });
      } catch {
        return undefined;
      }
    };
    const manager = find(getTokenManagerToken(name)) as Partial<TokenManager> | undefined;
    if (typeof manager?.health === 'function') return manager as Pick<TokenManager, 'health'>;
    const pool = find(getTokenPoolToken(name)) as Partial<TokenPool> | undefined;
    if (typeof pool?.health === 'function') return { health: () => pool.health!() };
    const which = name === undefined ? 'default (unnamed)' : `"${name}"`;
    throw new Error(`${WHERE}: no ${which} AdumoOAuthModule registration in this application`);
  }
}
