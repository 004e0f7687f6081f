import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import autocannon from 'autocannon';
import { startChild } from './child';

/** Successful (2xx) responses per second and non-2xx/error counts of one load run. */
export interface LoadResult {
  readonly rps: number;
  readonly non2xx: number;
  readonly errors: number;
}

/**
 * How long a load run lasts: whole seconds with autocannon (its resolution is one second), or a
 * number of requests sent with `fetch` (smoke runs: proves the app answers, measures little).
 */
export type LoadLength = { readonly seconds: number } | { readonly requests: number };

/** Something that loads a URL with HTTP requests for a while. */
export interface LoadGenerator {
  readonly run: (url: string, length: LoadLength, connections: number) => Promise<LoadResult>;
  stop(): Promise<void>;
}

async function fetchLoad(url: string, requests: number, connections: number): Promise<LoadResult> {
  let sent = 0;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  const startedAt = performance.now();
  const connection = async (): Promise<void> => {
    while (sent < requests) {
      sent++;
      try {
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.ok) ok++;
        else non2xx++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, connection));
  return { rps: ok / ((performance.now() - startedAt) / 1000), non2xx, errors };
}

/** One load run from this process. */
export async function loadHere(
  url: string,
  length: LoadLength,
  connections: number,
): Promise<LoadResult> {
  if ('requests' in length) return fetchLoad(url, length.requests, connections);
  const result = await autocannon({ url, connections, duration: length.seconds });
  const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
  return { rps: result['2xx'] / seconds, non2xx: result.non2xx, errors: result.errors };
}

/**
 * autocannon in a long-lived child process (`dist/load-process.mjs`), so the load generator
 * neither shares the server's event loop nor pays a start-up per run.
 */
export async function startLoadProcess(): Promise<LoadGenerator> {
  const child = await startChild('load-process');
  return {
    run: async (url, length, connections) =>
      (await child.call('run', url, length, connections)) as LoadResult,
    stop: () => child.stop(),
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
