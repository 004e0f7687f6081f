import { TokenManager } from '@adumo-oauth/core';
import { createAuthorizedFetch, type FetchLike } from '@adumo-oauth/fetch';
import type { AdumoOAuthModuleOptions } from './adumo-oauth.options';
import { closeOnce } from './close-once';
import { nestLogger } from './nest-logger';

/** What one registration holds: its manager, its authorized fetch and what it must close. */
export interface AdumoClient {
  readonly tokenManager: TokenManager;
  readonly fetch: FetchLike;
  /** Close what the module built (the manager) and the store it was given (unless `closeStore: false`). */
  close(): Promise<void>;
}

/** Build a registration's client from its resolved module options. */
export function createAdumoClient(
  options: AdumoOAuthModuleOptions,
  name: string | undefined,
): AdumoClient {
  const where = `AdumoOAuthModule${name === undefined ? '' : ` "${name}"`}`;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${where}: options must be an object`);
  }
  const {
    retryOnUnauthorized,
    apiFetch,
    tokenManager: given,
    logger,
    closeStore,
    ...rest
  } = options;
  if (given !== undefined) {
    if (typeof (given as Partial<TokenManager>).getToken !== 'function') {
      throw new TypeError(`${where}: tokenManager must be a TokenManager`);
    }
    const extra = [...Object.keys(rest), ...(logger === undefined ? [] : ['logger'])];
    if (extra.length > 0) {
      throw new TypeError(
        `${where}: pass either tokenManager or TokenManager options, not both (got ${extra.join(', ')})`,
      );
    }
  }
  const tokenManager =
    given ??
    new TokenManager({
      ...rest,
      ...(logger === false ? {} : { logger: logger ?? nestLogger(name) }),
    });
  const fetch = createAuthorizedFetch(tokenManager, { fetch: apiFetch, retryOnUnauthorized });
  const owned: unknown[] = given === undefined ? [tokenManager] : [];
  if (given === undefined && closeStore !== false) owned.push(rest.store);
  return {
    tokenManager,
    fetch,
    close: async () => {
      for (const resource of owned) await closeOnce(resource);
    },
  };
}
