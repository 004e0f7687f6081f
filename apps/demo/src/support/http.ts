import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { burst, type LoadResult } from './load';

/** Listen on 127.0.0.1, a free port; resolves the server's base URL. */
export function listenLocal(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

/** Stop listening and end keep-alive connections, so nothing keeps the process alive. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * `count` concurrent `POST url` requests with a JSON body each (`body(i)`): a burst of real HTTP
 * requests, as many clients hitting the app at once would send. A 2xx counts as a success.
 */
export function postBurst(
  url: string,
  count: number,
  body: (index: number) => unknown,
): Promise<LoadResult> {
  return burst(count, async (i) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body(i)),
    });
    await res.arrayBuffer();
    return { ok: res.ok, outcome: String(res.status) };
  });
}

/** Another origin on loopback that counts the requests it got and those carrying `Authorization`. */
export interface OtherOrigin {
  /** Its base URL, e.g. `http://127.0.0.1:41235`. */
  readonly url: string;
  readonly seen: { requests: number; withAuthorization: number };
  close(): Promise<void>;
}

/**
 * Start {@link OtherOrigin}: a server on 127.0.0.1 (free port) standing in for any non-Adumo
 * service an app also calls. It answers `200 {}` to everything.
 */
export async function startOtherOrigin(): Promise<OtherOrigin> {
  const seen = { requests: 0, withAuthorization: 0 };
  const server = createServer((req, res) => {
    seen.requests++;
    if (req.headers.authorization !== undefined) seen.withAuthorization++;
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  const url = await listenLocal(server);
  return { url, seen, close: () => closeServer(server) };
}
