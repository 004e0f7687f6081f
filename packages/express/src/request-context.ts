import type { ServerResponse } from 'node:http';
import type { AccessTokenLike } from '@adumo-oauth/core';
import type { AdumoContext } from './context';
import { toHttpError } from './http-error';
import type { Selected } from './merchant-source';

/**
 * Build one request's `req.adumo`. The token is requested at most once per request (a failed
 * attempt may be retried by calling `getToken()` again), with a signal that aborts when the client
 * goes away, so a closed request stops waiting; the shared refresh itself is never cancelled.
 */
export function createRequestContext(
  { source, fetch, merchantId }: Selected,
  res: ServerResponse,
): AdumoContext {
  let pending: Promise<AccessTokenLike> | undefined;
  const context: { token: AccessTokenLike | undefined } & AdumoContext = {
    token: undefined,
    fetch,
    merchantId,
    getToken: () => (pending ??= obtain()),
  };

  async function obtain(): Promise<AccessTokenLike> {
    const client = clientGoneSignal(res);
    try {
      context.token = await source.getToken({ signal: client.signal });
      return context.token;
    } catch (error) {
      pending = undefined;
      throw toHttpError(error);
    } finally {
      client.dispose();
    }
  }
  return context;
}

/** Whether the client closed the connection before the response was finished. */
export function clientGone(res: ServerResponse): boolean {
  return (res.closed || res.destroyed) && !res.writableFinished;
}

/** A signal that aborts when the client closes the connection early; `dispose()` stops listening. */
function clientGoneSignal(res: ServerResponse) {
  const controller = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) controller.abort(new Error('The client closed the request'));
  };
  if (clientGone(res)) onClose();
  else res.once('close', onClose);
  return { signal: controller.signal, dispose: () => res.off('close', onClose) };
}
