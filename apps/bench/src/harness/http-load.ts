import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import autocannon from 'autocannon';

/** Successful (2xx) responses per second and non-2xx/error counts of one load run. */
export interface LoadResult {
  readonly rps: number;
  readonly non2xx: number;
  readonly errors: number;
}

/**
 * Load `url` with autocannon for `seconds`, from a worker thread so the load generator does not
 * share the server's event loop.
 */
export async function load(url: string, seconds: number, connections: number): Promise<LoadResult> {
  const result = await autocannon({ url, duration: seconds, connections, workers: 1 });
  return {
    rps: result['2xx'] / result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Listen on 127.0.0.1:0 and resolve the base URL. */
export function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${port}`);
    });
  });
}

/** Close a server and its idle keep-alive sockets. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
