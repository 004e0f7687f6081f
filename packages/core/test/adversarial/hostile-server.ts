/**
 * Hostile token endpoints (real node:http servers on 127.0.0.1:0) and a manager wired to capture
 * every text it produces: logger lines at every level, events, errors.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { inspect } from 'node:util';
import { expect } from 'vitest';
import { TokenManager, type TokenManagerOptions } from '../../src';
import { CANARY, CLIENT_ID, errorTexts, textsOf, type Produced } from './forms';

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

/** A usable opaque token with a recognisable random part. */
export function opaqueToken(tag = 'opq'): { value: string; random: string } {
  const random = Array.from(
    { length: 32 },
    () => 'abcdefghijkmnpqrstuvwxyz23456789'[Math.floor(Math.random() * 32)],
  ).join('');
  return { value: `${tag}.${random}`, random };
}

/** A 200 token answer. */
export function tokenAnswer(res: ServerResponse, value: string, expiresIn: unknown = 3600): void {
  answer(
    res,
    200,
    JSON.stringify({ access_token: value, token_type: 'bearer', expires_in: expiresIn }),
  );
}

/** A manager whose logger (all levels) and events (all four) are captured into `produced`. */
export function capturedManager(
  tokenUrl: string,
  overrides: Partial<TokenManagerOptions> = {},
): { tokens: TokenManager; produced: Produced[]; logged: string[]; events: unknown[] } {
  const produced: Produced[] = [];
  const logged: string[] = [];
  const events: unknown[] = [];
  const log =
    (level: string) =>
    (message: unknown, ...rest: unknown[]): void => {
      const line = `${level} ${String(message)} ${inspect(rest, { showHidden: true, depth: 10 })}`;
      logged.push(line);
      produced.push({ where: `logger.${level}`, text: line });
    };
  const tokens = new TokenManager({
    tokenUrl,
    clientId: CLIENT_ID,
    clientSecret: CANARY,
    clientAuth: 'query',
    retry: { maxAttempts: 1 },
    logger: {
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      log: log('log'),
    },
    ...overrides,
  });
  for (const name of ['token', 'refreshError', 'retry', 'storeError'] as const)
    tokens.on(name, (event: unknown) => {
      events.push(event);
      produced.push(...textsOf(`event ${name}`, event));
    });
  return { tokens, produced, logged, events };
}

/** Run `getToken()` and add everything the outcome exposes to `produced`. */
export async function attempt(
  tokens: TokenManager,
  produced: Produced[],
  options: { forceRefresh?: boolean } = {},
): Promise<unknown> {
  try {
    const token = await tokens.getToken(options);
    produced.push(...textsOf('token', token), { where: 'token String()', text: String(token) });
    return token;
  } catch (error) {
    produced.push(...(await errorTexts('error', error)));
    return error;
  } finally {
    produced.push(...textsOf('manager', tokens), ...textsOf('stats', tokens.stats()));
  }
}

/** Events' errors also expose a response: add their full texts. */
export async function eventErrorTexts(events: readonly unknown[]): Promise<Produced[]> {
  const out: Produced[] = [];
  for (const event of events) {
    const error = (event as { error?: unknown }).error;
    if (error !== undefined) out.push(...(await errorTexts('event error', error)));
  }
  return out;
}

/** Run `calls` acquisitions (then forced ones) against `handler` (no cooldown); returns every produced text and what the server saw. */
export async function against(
  servers: Hostile[],
  handler: Handler,
  overrides: Partial<TokenManagerOptions> = {},
  calls = 1,
): Promise<{ produced: Produced[]; seen: (string | undefined)[]; outcome: unknown }> {
  const seen: (string | undefined)[] = [];
  const server = await startHostile((r, res) => {
    seen.push(r.secret);
    return handler(r, res);
  });
  servers.push(server);
  const { tokens, produced, events } = capturedManager(server.tokenUrl, {
    cooldown: { minMs: 0, maxMs: 0 },
    ...overrides,
  });
  let outcome: unknown;
  for (let i = 0; i < calls; i++)
    outcome = await attempt(tokens, produced, { forceRefresh: i > 0 });
  produced.push(...(await eventErrorTexts(events)));
  await tokens.close();
  return { produced, seen, outcome };
}

/** The attack must have reached the client (server saw the secret) and failed with our error. */
export function expectAttacked(
  r: { seen: (string | undefined)[]; outcome: unknown },
  code = 'token_endpoint',
): void {
  expect(r.seen[0]).toBe(CANARY);
  expect((r.outcome as { code?: unknown }).code).toBe(code);
}
