import type { AxiosError, AxiosInstance, InternalAxiosRequestConfig } from 'axios';
import {
  type AccessTokenLike,
  type GetTokenOptions,
  type TokenManagerOptions,
  type TokenSource,
} from '@adumo-oauth/core';
import { bearer, createOriginPolicy, tokenAfterUnauthorized } from '@adumo-oauth/core/adapter';
import { resolveTokenSource } from '@adumo-oauth/fetch';
import { guardRedirects } from './redirect-guard';
import { hasReplayableData } from './replayable-data';
import type { AdumoAxiosOptions } from './types';

/**
 * Marks the one resend after a 401 (an enumerable string key: axios copies a request's config,
 * own enumerable keys only, before the interceptors see it).
 */
const RETRIED = 'adumoRetriedAfter401';

/** What was sent with a token: the token (for compare-and-invalidate) and whether to resend. */
interface Sent {
  readonly token: AccessTokenLike;
  readonly replayable: boolean;
}

/**
 * Add the Adumo token interceptors to `instance` (see the package README); returns a function
 * that removes them again.
 * @internal Exported from the package as `attachAdumoToken`.
 */
export function attachTokenInterceptors(
  instance: AxiosInstance,
  sourceOrOptions: TokenSource | TokenManagerOptions,
  options: AdumoAxiosOptions = {},
): () => void {
  const source = resolveTokenSource(sourceOrOptions);
  const policy = createOriginPolicy(source, options.allowedOrigins);
  const retryOnUnauthorized = options.retryOnUnauthorized ?? true;
  const sent = new WeakMap<InternalAxiosRequestConfig, Sent>();

  const request = instance.interceptors.request.use(async (config) => {
    // Another origin (or a URL that does not resolve): untouched, no token, no token request.
    if (!policy.allows(fullUrl(instance, config))) return config;
    const token = await source.getToken(waitOptions(config));
    config.headers.set('Authorization', bearer(token));
    guardRedirects(config, policy);
    const replayable = hasReplayableData(config.data, config.headers.getContentType());
    sent.set(config, { token, replayable });
    return config;
  });

  const response = instance.interceptors.response.use(undefined, async (error: unknown) => {
    const config = unauthorizedConfig(error);
    const record = config === undefined ? undefined : sent.get(config);
    if (config === undefined || record === undefined || !retryOnUnauthorized) throw error;
    if (!record.replayable || (config as unknown as Record<string, unknown>)[RETRIED] === true)
      throw error;
    const fresh = await tokenAfterUnauthorized(source, record.token, waitOptions(config));
    // The same token again would get the same answer: hand back axios's own 401 error.
    if (fresh === undefined) throw error;
    const again: InternalAxiosRequestConfig & Record<typeof RETRIED, boolean> = {
      ...config,
      [RETRIED]: true,
    };
    return instance.request(again);
  });

  return () => {
    instance.interceptors.request.eject(request);
    instance.interceptors.response.eject(response);
  };
}

/** The absolute URL axios will request (base URL, path and params), if it is one. */
function fullUrl(instance: AxiosInstance, config: InternalAxiosRequestConfig): string {
  try {
    return instance.getUri(config);
  } catch {
    return '';
  }
}

/** The request's own signal also ends its wait for a token (never the shared refresh). */
function waitOptions(config: InternalAxiosRequestConfig): GetTokenOptions {
  return config.signal instanceof AbortSignal ? { signal: config.signal } : {};
}

/** The config of an axios 401 error (axios's shape, also from another copy of axios). */
function unauthorizedConfig(error: unknown): InternalAxiosRequestConfig | undefined {
  const candidate = error as Partial<AxiosError> | null;
  if (candidate?.isAxiosError !== true || candidate.response?.status !== 401) return undefined;
  return candidate.config;
}
