import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBody } from '@adumo-oauth/core/adapter';
import { capturingFetch } from '../src/doctor/capture';

// A hostile token endpoint: a 200 whose JSON body never ends (bounded here at 256 MiB).
const LIMIT = 256 * 1024 * 1024;
let server: Server;
let url = '';
let written = 0;
let closedEarly: Promise<void>;

beforeAll(async () => {
  let markClosed: () => void = () => undefined;
  closedEarly = new Promise((resolve) => (markClosed = resolve));
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"token_type":"bearer","pad":"');
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const pump = (): void => {
      while (written < LIMIT) {
        written += chunk.byteLength;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end('"}');
    };
    res.on('close', () => markClosed());
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the doctor's capture of the token answer", () => {
  it('reads a bounded copy of an endless body: the read stops and the endpoint is hung up on', async () => {
    const capture = capturingFetch(globalThis.fetch);
    const res = await capture.fetch(url, { method: 'POST' });
    // The manager's own read of the original (what the core does with every answer).
    const own = await readBody(res, new AbortController().signal);
    expect(own).toEqual({ ok: false, reason: 'too-large' });
    expect(await capture.last()).toMatchObject({ status: 200, isJson: false });
    await closedEarly;
    // Both reads stopped at 1 MiB: the server wrote a few MiB (socket buffers), never 256.
    expect(written).toBeLessThan(32 * 1024 * 1024);
    expect(await capture.last()).toMatchObject({ status: 200, isJson: false });
  });
});
