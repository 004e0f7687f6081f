import type { IncomingMessage } from 'node:http';
import {
  AdumoOAuthError,
  MerchantError,
  type TokenManagerOptions,
  type TokenPool,
  type TokenSource,
} from '@adumo-oauth/core';
import { createAuthorizedFetch, resolveTokenSource, type FetchLike } from '@adumo-oauth/fetch';
import { failureLog, logFailures } from './failure-log';
import type { AdumoTokenOptions } from './middleware';

/** What the merchant resolver of {@link AdumoPoolTokenOptions} is given: the Express request. */
export type AdumoMerchantRequest = IncomingMessage & {
  /** Route parameters: filled only for route-level middleware (`app.post('/m/:id', mw, …)`). */
  readonly params: Readonly<Record<string, string | undefined>>;
};

/** `adumoToken({ pool, merchant })`: one `TokenPool` for many merchants, one merchant per request. */
export interface AdumoPoolTokenOptions extends AdumoTokenOptions {
  /** The shared `TokenPool` (from `@adumo-oauth/core`) that holds every merchant's tokens. */
  readonly pool: TokenPool;
  /**
   * This request's merchant id, e.g. `(req) => req.params.merchantId`. A throw, or anything that
   * is not a non-empty string, is an `invalid_merchant` error (400) passed to `next(err)`.
   */
  merchant(req: AdumoMerchantRequest): unknown;
}

/** One request's token source, authorized fetch and merchant id (`undefined`: a single source). */
export interface Selected {
  readonly source: TokenSource;
  readonly fetch: FetchLike;
  readonly merchantId: string | undefined;
}

/**
 * Check the middleware's options once, at creation (a `config` error with a clear message), and
 * return how each request finds its source: always the same one, or its merchant's from the pool.
 * A merchant's fetch is built per request (one origin check set-up, no I/O), so nothing grows
 * with the number of merchants.
 */
export function selectSource(
  first: TokenSource | TokenManagerOptions | AdumoPoolTokenOptions,
  second: AdumoTokenOptions | undefined,
): { readonly options: AdumoTokenOptions; readonly select: (req: IncomingMessage) => Selected } {
  const given = first as Partial<AdumoPoolTokenOptions> | null | undefined;
  if (typeof given !== 'object' || given === null)
    throw new AdumoOAuthError(
      'config',
      'adumoToken: pass a TokenManager, its options, or { pool, merchant }',
    );
  if (!('pool' in given) && !('merchant' in given)) {
    if (isPool(given))
      throw new AdumoOAuthError(
        'config',
        'adumoToken: a TokenPool needs a merchant resolver: adumoToken({ pool, merchant: (req) => req.params.merchantId })',
      );
    const options = second ?? {};
    const log = failureLog(options.logger);
    const source = logFailures(resolveTokenSource(first as TokenSource | TokenManagerOptions), log);
    const fetch = createAuthorizedFetch(source, fetchOptions(options));
    return { options, select: () => ({ source, fetch, merchantId: undefined }) };
  }
  const { pool } = given;
  if (!isPool(pool)) throw new AdumoOAuthError('config', 'adumoToken: pool must be a TokenPool');
  if (typeof given.merchant !== 'function')
    throw new AdumoOAuthError(
      'config',
      'adumoToken: merchant must be a function (req) => merchantId',
    );
  if (second !== undefined)
    throw new AdumoOAuthError(
      'config',
      'adumoToken: with { pool, merchant } put lazy, logger, fetch, allowedOrigins… in that same object',
    );
  const options = given as AdumoPoolTokenOptions;
  const log = failureLog(options.logger);
  const select = (req: IncomingMessage): Selected => {
    let merchantId: unknown;
    try {
      merchantId = options.merchant(req as AdumoMerchantRequest);
    } catch (cause) {
      throw new MerchantError('invalid_merchant', 'adumoToken: the merchant resolver threw', {
        cause,
      });
    }
    const merchant = pool.source(merchantId as string); // throws invalid_merchant for a bad id
    const source = logFailures(merchant, log, merchant.merchantId);
    return {
      source,
      fetch: createAuthorizedFetch(source, fetchOptions(options)),
      merchantId: merchant.merchantId,
    };
  };
  return { options, select };
}

function fetchOptions(options: AdumoTokenOptions) {
  return {
    fetch: options.fetch,
    retryOnUnauthorized: options.retryOnUnauthorized,
    allowedOrigins: options.allowedOrigins,
  };
}

function isPool(value: unknown): value is TokenPool {
  const pool = value as Partial<TokenPool> | null | undefined;
  return (
    typeof pool?.source === 'function' &&
    typeof pool.forget === 'function' &&
    typeof pool.getToken === 'function'
  );
}
