import type { AccessTokenLike, GetTokenOptions, TokenSource } from '@adumo-oauth/core';

/** A minimal token for hand-written sources. */
export function token(value: string): AccessTokenLike {
  return {
    value,
    tokenType: 'Bearer',
    expiresAt: Date.now() + 60_000,
    scope: ['read'],
    jti: undefined,
    claims: undefined,
    authorities: [],
    hasAuthority: () => false,
  };
}

/**
 * A hand-written TokenSource: hands out `t1`, `t2`, … and moves on only after `invalidate` with
 * the current token (compare-and-invalidate) or `forceRefresh`. Records every call.
 */
export function countingSource(
  options: { baseUrl?: string; invalidate?: boolean; fail?: Error } = {},
) {
  let n = 1;
  const calls: GetTokenOptions[] = [];
  const invalidated: string[] = [];
  const source: TokenSource & { calls: GetTokenOptions[]; invalidated: string[] } = {
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    calls,
    invalidated,
    getToken(opts = {}) {
      calls.push(opts);
      if (opts.signal?.aborted) return Promise.reject(opts.signal.reason as Error);
      if (options.fail) return Promise.reject(options.fail);
      if (opts.forceRefresh) n += 1;
      return Promise.resolve(token(`t${n}`));
    },
  };
  if (options.invalidate !== false) {
    source.invalidate = (sent) => {
      const value = typeof sent === 'string' ? sent : sent?.value;
      invalidated.push(value ?? '');
      if (value === `t${n}`) n += 1;
      return Promise.resolve();
    };
  }
  return source;
}
