/**
 * Hostile HTTP endpoints on 127.0.0.1:0 (real node:http servers, nothing of the library loaded):
 * the server, complete and raw answers, and one hostile answer per field the library ever shows.
 * Used, by relative import, by the core's adversarial suite and by the adapters' and the
 * OpenTelemetry package's tests (so every package attacks with the same corpus).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What a handler learns about one request. */
export interface HostileRequest {
  readonly req: IncomingMessage;
  /** The raw body text. */
  readonly body: string;
  /** The raw request URL (path and query). */
  readonly url: string;
  /** The client secret as the client sent it (query, form body or Basic), decoded. */
  readonly secret: string | undefined;
  /** 1-based request number. */
  readonly n: number;
}

export type Handler = (r: HostileRequest, res: ServerResponse) => void | Promise<void>;

/** A running hostile server. */
export interface Hostile {
  readonly port: number;
  readonly tokenUrl: string;
  /** Requests received so far. */
  requests: number;
  /** Sockets that were closed by the peer or the server, so far. */
  socketsClosed: number;
  /** Resolves when the next request arrives (or now, if `n` already have). */
  waitForRequests(n: number): Promise<void>;
  /** Resolves when `n` sockets have closed. */
  waitForSocketsClosed(n: number): Promise<void>;
  close(): Promise<void>;
}

function secretOf(req: IncomingMessage, body: string): string | undefined {
  const query = new URL(req.url ?? '/', 'http://x').searchParams.get('client_secret');
  if (query !== null) return query;
  const form = new URLSearchParams(body).get('client_secret');
  if (form !== null) return form;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Basic ')) {
    const pair = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    const secret = pair.slice(pair.indexOf(':') + 1);
    try {
      return decodeURIComponent(secret.replace(/\+/g, ' '));
    } catch {
      return secret;
    }
  }
  return undefined;
}

/** Start a server answering every request with `handler`. */
export async function startHostile(handler: Handler): Promise<Hostile> {
  const waiters: { n: number; kind: 'req' | 'close'; resolve: () => void }[] = [];
  const sockets = new Set<Socket>();
  const state = { requests: 0, socketsClosed: 0 };
  const wake = (): void => {
    for (const w of [...waiters]) {
      const count = w.kind === 'req' ? state.requests : state.socketsClosed;
      if (count >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      const body = Buffer.concat(chunks).toString('utf8');
      const r: HostileRequest = {
        req,
        body,
        url: req.url ?? '/',
        secret: secretOf(req, body),
        n: state.requests,
      };
      wake();
      Promise.resolve(handler(r, res)).catch((error: unknown) => {
        res.destroy(error instanceof Error ? error : undefined);
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      state.socketsClosed++;
      wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const hostile: Hostile = {
    port,
    tokenUrl: `http://127.0.0.1:${port}/oauth/token`,
    get requests() {
      return state.requests;
    },
    get socketsClosed() {
      return state.socketsClosed;
    },
    waitForRequests: (n) =>
      new Promise<void>((resolve) => {
        waiters.push({ n, kind: 'req', resolve });
        wake();
      }),
    waitForSocketsClosed: (n) =>
      new Promise<void>((resolve) => {
        waiters.push({ n, kind: 'close', resolve });
        wake();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return hostile;
}

/** Write a complete answer. */
export function answer(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  const buf = Buffer.from(body, 'utf8');
  res.writeHead(status, {
    'content-type': 'application/json;charset=UTF-8',
    'content-length': buf.length,
    ...headers,
  });
  res.end(buf);
}

/**
 * Write an answer byte for byte on the socket, bypassing node:http's header checks: header
 * values are written as Latin-1 bytes (C1 controls U+0080–U+009F pass undici's parser as obs-text;
 * ESC, BEL and DEL do not: undici refuses the whole answer).
 */
export function rawAnswer(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  const payload = Buffer.from(body, 'utf8');
  const lines = [`HTTP/1.1 ${status} Hostile`];
  for (const [name, value] of Object.entries({
    'content-type': 'application/json',
    ...headers,
    'content-length': String(payload.length),
    connection: 'close',
  }))
    lines.push(`${name}: ${value}`);
  const socket = res.socket!;
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]));
}

/** An unsigned JWT-shaped token with these claims (a usable bearer value). */
export function jwtWith(claims: Record<string, unknown>): string {
  const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

/** A JWT good for an hour, with `extra` claims. */
export function freshJwt(extra: Record<string, unknown> = {}): string {
  return jwtWith({ exp: Math.floor(Date.now() / 1000) + 3600, ...extra });
}

/** Latin-1 bytes of a header value that hold C1 controls, as undici lets them through. */
export const C1_HEADER = 'application/json\u0085\u009b2J\u009b31m\u0080\u009f\u00e2\u0080\u00ae';

/**
 * Every field of an answer the library may show, each answered with `text` (a {@link hostileText})
 * in it: the OAuth `error` and `error_description`, the `message` of Spring's non-OAuth JSON,
 * `token_type`, `jti`, `scope`, the JWT's claims, and the Content-Type and WWW-Authenticate header
 * values (C1 bytes: the only controls a header can carry through undici).
 */
export const HOSTILE_FIELDS: Readonly<
  Record<string, (text: string) => (res: ServerResponse) => void>
> = {
  error: (text) => (res) => answer(res, 400, JSON.stringify({ error: text })),
  error_description: (text) => (res) =>
    answer(res, 401, JSON.stringify({ error: 'invalid_client', error_description: text })),
  'Spring message': (text) => (res) =>
    answer(
      res,
      401,
      JSON.stringify({
        timestamp: '2026-01-01T00:00:00.000+00:00',
        status: 401,
        error: 'Unauthorized',
        message: text,
        path: '/oauth/token',
      }),
    ),
  token_type: (text) => (res) =>
    answer(
      res,
      200,
      JSON.stringify({ access_token: freshJwt(), token_type: text, expires_in: 600 }),
    ),
  jti: (text) => (res) =>
    answer(
      res,
      200,
      JSON.stringify({
        access_token: freshJwt(),
        token_type: 'bearer',
        expires_in: 600,
        jti: text,
      }),
    ),
  scope: (text) => (res) =>
    answer(
      res,
      200,
      JSON.stringify({
        access_token: freshJwt(),
        token_type: 'bearer',
        expires_in: 600,
        scope: text,
      }),
    ),
  'JWT claims': (text) => (res) =>
    answer(
      res,
      200,
      JSON.stringify({
        access_token: freshJwt({ jti: text, scope: [text], client_id: text, authorities: [text] }),
        token_type: 'bearer',
        expires_in: 600,
      }),
    ),
  'Content-Type': () => (res) =>
    rawAnswer(res, 502, '<html>bad gateway</html>', { 'content-type': C1_HEADER }),
  'WWW-Authenticate': () => (res) =>
    rawAnswer(res, 401, JSON.stringify({ error: 'invalid_client' }), {
      'www-authenticate': `Bearer realm="${C1_HEADER}"`,
    }),
};
