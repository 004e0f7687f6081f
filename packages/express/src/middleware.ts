import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger, TokenManagerOptions, TokenSource } from '@adumo-oauth/core';
import type { AuthorizedRequestOptions, FetchLike } from '@adumo-oauth/fetch';
import type { AdumoContext } from './context';
import { toHttpError } from './http-error';
import { selectSource, type AdumoPoolTokenOptions } from './merchant-source';
import { clientGone, createRequestContext } from './request-context';

/**
 * Options for {@link adumoToken}. `retryOnUnauthorized` and `allowedOrigins` are passed to
 * `req.adumo.fetch` (an authorized fetch: any other origin is refused and nothing is sent).
 */
export interface AdumoTokenOptions extends AuthorizedRequestOptions {
  /**
   * `true`: do not get a token before the route runs; handlers call `req.adumo.getToken()` (or
   * `req.adumo.fetch`) when they need one, so routes that don't never trigger a token request.
   * Default `false`: the token is obtained first and failures go to `next(err)`.
   */
  readonly lazy?: boolean | undefined;
  /** The fetch `req.adumo.fetch` sends with. Default: `globalThis.fetch` at call time. */
  readonly fetch?: FetchLike | undefined;
  /**
   * Where token failures are logged (`console`, pino, any object with `warn`, `error` or `log`);
   * `false` for nowhere. Default `console`. One redacted line per failure, not per request: the
   * requests a cooldown answers with the same failure add none. `[adumo-oauth] [merchant <id>: ]
   * token request failed (code <code>[, status <status>]): <message>`. Failures answered 4xx (an
   * invalid or unknown merchant, a client that went away) are not logged.
   */
  readonly logger?: Logger | false | undefined;
}

/**
 * An Express-compatible middleware (Express 4 and 5). Typed with Node's `http` types so it fits
 * `app.use()` with either `@types/express` major.
 */
export type AdumoTokenMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * Build the middleware once, at start-up. Per request it sets `req.adumo` ({@link AdumoContext}):
 * `token` (eager mode), `getToken()`, the authorized `fetch` and, with a pool, `merchantId`. Token
 * failures go to `next(err)` as an `AdumoHttpError` with `status` 502 (token endpoint refused /
 * answered garbage) or 503 (unreachable / timed out), and are logged once each (`logger`); when
 * the client already went away nothing is answered. `req.adumo.fetch` accepts paths relative to
 * the source's base URL (`req.adumo.fetch('/products/payments/v1/card/initiate', init)`). Options
 * are checked here: a bad one throws a `config` error.
 *
 * With `{ pool, merchant }` each request uses its own merchant's token from the shared
 * `TokenPool`: a missing or invalid merchant id is a 400, an unknown merchant a 404, a failing
 * credentials resolver a 503 (`code` `invalid_merchant`, `unknown_merchant`,
 * `credentials_unavailable`).
 *
 * @param sourceOrOptions a `TokenManager` (or any `TokenSource`) to share, `TokenManager` options,
 *   or `{ pool, merchant, ...options }`.
 * @param options middleware options (not with `{ pool, merchant }`: put them in that object).
 */
export function adumoToken(
  sourceOrOptions: TokenSource | TokenManagerOptions | AdumoPoolTokenOptions,
  options?: AdumoTokenOptions,
): AdumoTokenMiddleware {
  const { options: resolved, select } = selectSource(sourceOrOptions, options);
  const lazy = resolved.lazy ?? false;

  return function adumoTokenMiddleware(req, res, next) {
    let selected;
    try {
      selected = select(req);
    } catch (error) {
      next(toHttpError(error));
      return;
    }
    const context = createRequestContext(selected, res);
    (req as { adumo?: AdumoContext }).adumo = context;
    if (lazy) {
      next();
      return;
    }
    context.getToken().then(
      () => next(),
      (error: unknown) => {
        if (!clientGone(res)) next(error);
      },
    );
  };
}
