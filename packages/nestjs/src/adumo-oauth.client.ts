import { TokenManager } from '@adumo-oauth/core';
import { createAuthorizedFetch, type FetchLike } from '@adumo-oauth/fetch';
import type { AdumoOAuthExistingOptions, AdumoOAuthModuleOptions } from './adumo-oauth.options';
import type { AdumoHttpSettings } from './adumo-oauth.http';
import type { AdumoOAuthPoolOptions } from './adumo-oauth.pool';
import { closeOnce } from './close-once';
import { nestLogger } from './nest-logger';

/** What one registration holds: its manager, its authorized fetch and what it must close. */
export interface AdumoClient {
  readonly tokenManager: TokenManager;
  readonly fetch: FetchLike;
  /** What the registration's API clients (fetch, HttpService) are built with. */
  readonly api: AdumoHttpSettings;
  /** Close what the module built (the manager) and the store it was given (unless `closeStore: false`). */
  close(): Promise<void>;
}

/** Build a registration's client from its resolved module options. */
export function createAdumoClient(
  options: Exclude<AdumoOAuthModuleOptions, AdumoOAuthPoolOptions>,
  name: string | undefined,
): AdumoClient {
  const where = `AdumoOAuthModule${name === undefined ? '' : ` "${name}"`}`;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${where}: options must be an object`);
  }
  const api = {
    allowedOrigins: options.allowedOrigins,
    retryOnUnauthorized: options.retryOnUnauthorized,
  };
  const fetchOptions = { ...api, fetch: options.apiFetch };
  if (options.tokenManager !== undefined) {
    const tokenManager = checkExisting(options, where);
    const fetch = createAuthorizedFetch(tokenManager, fetchOptions);
    return { tokenManager, fetch, api, close: () => Promise.resolve() };
  }
  const {
    retryOnUnauthorized: _retry,
    allowedOrigins: _origins,
    apiFetch: _apiFetch,
    tokenManager: _none,
    logger,
    closeStore,
    ...managerOptions
  } = options;
  const manager = new TokenManager({
    ...managerOptions,
    ...(logger === false ? {} : { logger: logger ?? nestLogger(name) }),
  });
  const owned = closeStore === false ? [manager] : [manager, managerOptions.store];
  return {
    tokenManager: manager,
    fetch: createAuthorizedFetch(manager, fetchOptions),
    api,
    close: async () => {
      for (const resource of owned) await closeOnce(resource);
    },
  };
}

/** The given manager, after checking that no manager options came with it. */
function checkExisting(options: AdumoOAuthExistingOptions, where: string): TokenManager {
  const {
    tokenManager,
    retryOnUnauthorized: _retry,
    allowedOrigins: _origins,
    apiFetch: _apiFetch,
    ...rest
  } = options;
  if (typeof (tokenManager as Partial<TokenManager>).getToken !== 'function') {
    throw new TypeError(`${where}: tokenManager must be a TokenManager`);
  }
  const extra = Object.keys(rest);
  if (extra.length > 0) {
    throw new TypeError(
      `${where}: pass either tokenManager or TokenManager options, not both (got ${extra.join(', ')})`,
    );
  }
  return tokenManager;
}
