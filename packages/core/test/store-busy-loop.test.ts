import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryTokenStore, TokenManager, type StoredToken, type TokenStore } from '../src';
import { Clock, SECRET, fakeFetch } from './helpers';

let worker: Worker | undefined;
afterEach(async () => {
  await worker?.terminate();
  worker = undefined;
});

/** An echo server on 127.0.0.1 in a worker thread: it answers while this thread is blocked. */
async function echoServer(): Promise<number> {
  worker = new Worker(
    `const { createServer } = require('node:net');
     const { parentPort } = require('node:worker_threads');
     const server = createServer((s) => s.on('data', (d) => s.write(d)));
     server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));`,
    { eval: true },
  );
  return new Promise<number>((resolve) => worker!.once('message', resolve));
}

/** A store whose `get` is answered over a real TCP round trip (an echo server on 127.0.0.1). */
async function socketStore(): Promise<TokenStore & { gets: number }> {
  const port = await echoServer();
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.unref();
  const local = new MemoryTokenStore();
  const store = {
    gets: 0,
    get: (key: string): Promise<StoredToken | undefined> => {
      store.gets++;
      return new Promise((resolve) => {
        socket.once('data', () => resolve(local.get(key)));
        socket.write('get');
      });
    },
    set: (key: string, token: StoredToken) => local.set(key, token),
    delete: (key: string, ifValue?: string) => local.delete(key, ifValue),
  };
  return store;
}

function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // a busy event loop: the answer arrives while the store call's timer also expires
  }
}

describe('store call timeout on a busy event loop', () => {
  it('an answer that arrived in time wins over a timer that expired while the loop was blocked', async () => {
    const clock = new Clock(Date.now());
    const store = await socketStore();
    const endpoint = fakeFetch(clock);
    const storeErrors: string[] = [];
    const tokens = new TokenManager({
      baseUrl: 'https://auth.example.test',
      clientId: 'client-1',
      clientSecret: SECRET,
      fetch: endpoint.fetch,
      store,
      storeTimeoutMs: 20,
      hooks: { storeError: (e) => storeErrors.push(e.operation) },
    });
    await tokens.cacheKey(); // computed (Web Crypto) before the store call and its timer start
    const pending = tokens.getToken();
    await new Promise((r) => setImmediate(r)); // the `get` has been written to the socket
    blockFor(100); // past the 20 ms timeout; the echo is waiting in the socket meanwhile
    await pending;
    expect(store.gets).toBeGreaterThanOrEqual(1);
    expect(storeErrors).toEqual([]);
    expect(tokens.stats().storeErrors).toBe(0);
    await tokens.close();
  });
});
