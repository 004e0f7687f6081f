import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a recording server received it. */
export interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A real HTTP server on 127.0.0.1:0 that records every request (method, URL, headers, body) and
 * answers with `answer` (default 200 `{"ok":true}`): the "other origin" of the origin tests, and an
 * API that redirects. Reached as `http://localhost:<port>` when `host: 'localhost'` (a different
 * origin from `127.0.0.1` on the same machine).
 */
export async function startRecordingServer(
  answer?: (req: Recorded) => { status: number; headers?: Record<string, string>; body?: string },
  host: '127.0.0.1' | 'localhost' = '127.0.0.1',
) {
  const received: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      received.push(recorded);
      const reply = answer?.(recorded) ?? { status: 200, body: '{"ok":true}' };
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    received,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
