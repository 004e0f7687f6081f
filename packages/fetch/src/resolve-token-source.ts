import { TokenManager, type TokenManagerOptions, type TokenSource } from '@adumo-oauth/core';

/**
 * Use `sourceOrOptions` as it is when it is a {@link TokenSource} (anything with a `getToken`
 * function, e.g. a shared `TokenManager`), or build a `TokenManager` from options.
 */
export function resolveTokenSource(
  sourceOrOptions: TokenSource | TokenManagerOptions,
): TokenSource {
  const candidate = sourceOrOptions as Partial<TokenSource> | null | undefined;
  if (typeof candidate?.getToken === 'function') return sourceOrOptions as TokenSource;
  return new TokenManager(sourceOrOptions as TokenManagerOptions);
}
