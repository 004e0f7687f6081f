export { adumoInterceptor } from './interceptor';
export { MERCHANT_HEADER } from './select-source';
export type {
  AdumoInterceptorOptions,
  InterceptorTokens,
  MerchantRequest,
  MerchantTokens,
  PoolTokens,
} from './types';

// The core names an interceptor user needs, so `@adumo-oauth/undici` alone is enough to import from.
export {
  AdumoOAuthError,
  TokenEndpointError,
  TokenManager,
  TokenPool,
  isAdumoOAuthError,
} from '@adumo-oauth/core';
export type { AccessTokenLike, TokenManagerOptions, TokenSource } from '@adumo-oauth/core';
