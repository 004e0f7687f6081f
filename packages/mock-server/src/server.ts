import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi } from './api/handler';
import { DEFAULT_CLIENT } from './authorities';
import { ClientRegistry, type ClientRule } from './clients';
import type { MockContext } from './context';
import { CONTROL_PREFIX, handleControl } from './control/handler';
import { FaultState } from './faults';
import { merchantRule } from './merchants';
import { sendBootError } from './http/errors';
import { pathOf, stampDate } from './http/io';
import { StatsRecorder } from './stats';
import { handleToken } from './token/handler';
import type { MockAdumo, MockAdumoOptions } from './types';

async function dispatch(
  ctx: MockContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = pathOf(req);
  if (path === '/oauth/token') return handleToken(ctx, req, res);
  if (path.startsWith('/products/')) return handleApi(ctx, req, res);
  if (path.startsWith(CONTROL_PREFIX)) return handleControl(ctx, req, res);
  req.resume();
  sendBootError(req, res, 404, { now: ctx.now(), path });
}

function onFailure(res: ServerResponse, closing: AbortSignal): void {
  if (closing.aborted || res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, { 'Content-Type': 'application/json;charset=UTF-8', Connection: 'close' });
  res.end('{"error":"server_error","error_description":"Internal Server Error"}');
}

/** The `clientRule` option, then the `merchants` rule, as one rule (or none). */
function clientRule(options: MockAdumoOptions): ClientRule | undefined {
  const custom = options.clientRule;
  const merchants = options.merchants === undefined ? undefined : merchantRule(options.merchants);
  if (custom === undefined || merchants === undefined) return custom ?? merchants;
  return (clientId) => custom(clientId) ?? merchants(clientId);
}

/**
 * Start an Adumo-faithful mock: a Spring-style OAuth 2.0 token endpoint at `/oauth/token`, the
 * protected card API under `/products/`, and a loopback-only control plane under `/__mock/`.
 * Always listens on 127.0.0.1.
 *
 * @example
 * const mock = await startMockAdumo();
 * const res = await fetch(`${mock.tokenUrl}?grant_type=client_credentials&client_id=${DEFAULT_CLIENT.clientId}&client_secret=${DEFAULT_CLIENT.clientSecret}`, { method: 'POST' });
 * await mock.close();
 */
export async function startMockAdumo(options: MockAdumoOptions = {}): Promise<MockAdumo> {
  const now = options.now ?? Date.now;
  const closer = new AbortController();
  // Every delayed response listens on this signal until it is sent: any number may be pending.
  setMaxListeners(0, closer.signal);
  const faults = new FaultState(now, options.dateOffsetMs ?? 0);
  const ctx: MockContext = {
    clients: new ClientRegistry(options.clients ?? [DEFAULT_CLIENT], clientRule(options)),
    stats: new StatsRecorder(),
    faults,
    now,
    signingSecret: options.signingSecret ?? randomBytes(32).toString('base64url'),
    closing: closer.signal,
  };
  const server = createServer((req, res) => {
    // Every response carries the mock's (possibly skewed) clock, not the host's.
    stampDate(res, () => faults.dateHeader());
    dispatch(ctx, req, res).catch(() => onFailure(res, closer.signal));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;
  return {
    baseUrl,
    tokenUrl: `${baseUrl}/oauth/token`,
    port,
    clients: ctx.clients,
    stats: ctx.stats,
    faults,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        closer.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
