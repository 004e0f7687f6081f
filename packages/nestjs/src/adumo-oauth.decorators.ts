import { Inject } from '@nestjs/common';
import {
  getAdumoFetchToken,
  getAdumoHttpToken,
  getTokenManagerToken,
} from './adumo-oauth.constants';

/**
 * Inject a registration's `TokenManager`. Without `name`, the default registration's (the same as
 * injecting by type: `constructor(private readonly tokens: TokenManager)`); with `name`, the one
 * registered by `AdumoOAuthModule.forRoot({ name, … })`.
 *
 * @example
 * constructor(@InjectTokenManager('acme') private readonly acmeTokens: TokenManager) {}
 */
export function InjectTokenManager(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getTokenManagerToken(name));
}

/**
 * Inject a registration's authorized fetch (`FetchLike`: `fetch`'s exact signature, sending
 * `Authorization: Bearer <token>` and retrying one 401). Without `name`, the default
 * registration's; with `name`, the one registered by `forRoot({ name, … })`. It takes paths
 * relative to the registration's `baseUrl` (its path prefix kept) as well as absolute URLs.
 *
 * @example
 * constructor(@InjectAdumoFetch() private readonly adumoFetch: FetchLike) {}
 * // …
 * const res = await this.adumoFetch('/products/payments/v1/card/initiate', init);
 */
export function InjectAdumoFetch(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getAdumoFetchToken(name));
}

/**
 * Inject a registration's Adumo `HttpService` (`@nestjs/axios`), available when the registration
 * has `http: true`: its own axios instance (never axios's global default) whose calls to the Adumo
 * origin carry that registration's token. Without `name`, the default registration's; with
 * `name`, the one registered by `forRoot({ name, http: true, … })`.
 *
 * @example
 * constructor(@InjectAdumoHttp() private readonly adumoHttp: HttpService) {}
 */
export function InjectAdumoHttp(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getAdumoHttpToken(name));
}
