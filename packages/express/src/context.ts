import type { AccessTokenLike } from '@adumo-oauth/core';
import type { FetchLike } from '@adumo-oauth/fetch';

/** What {@link adumoToken} puts on every request as `req.adumo`. */
export interface AdumoContext {
  /**
   * This request's access token. Set before your handler runs in the default (eager) mode; in
   * lazy mode `undefined` until {@link AdumoContext.getToken} has resolved once. Never log it.
   */
  readonly token: AccessTokenLike | undefined;
  /**
   * Resolve this request's token: in eager mode the one already obtained; in lazy mode it is
   * obtained now (once per request) and also stored in `token`. Rejects with an
   * {@link AdumoHttpError} (`status` 502/503) when no token can be had.
   */
  getToken(): Promise<AccessTokenLike>;
  /**
   * The authorized fetch (`@adumo-oauth/fetch`) sharing the middleware's token source. Give it a
   * path relative to the Adumo base URL (`fetch('/products/payments/v1/card/initiate', init)`) or
   * an absolute URL on an allowed origin.
   */
  readonly fetch: FetchLike;
  /**
   * This request's merchant id with `adumoToken({ pool, merchant })` (`token` and `fetch` are that
   * merchant's); `undefined` with a single token source.
   */
  readonly merchantId: string | undefined;
}

declare global {
  // Express's own augmentation point, shared by @types/express 4 and 5.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by the `adumoToken()` middleware from `@adumo-oauth/express`; see `getAdumo(req)`. */
      adumo?: AdumoContext;
    }
  }
}
