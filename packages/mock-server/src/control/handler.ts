import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockContext } from '../context';
import { isLoopbackAddress, isLoopbackHost, pathOf, readBody, sendJson } from '../http/io';
import type { MockClient, MockClientConfig } from '../types';
import { applyFaultCommand } from './commands';

/** Path prefix of the HTTP control plane. */
export const CONTROL_PREFIX = '/__mock/';

function publicClient(client: MockClient): Omit<MockClient, 'clientSecret'> {
  const { clientSecret: _secret, ...rest } = client;
  return rest;
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  let value: unknown;
  try {
    value = JSON.parse(text === '' ? '{}' : text);
  } catch {
    throw new TypeError('body must be JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

async function route(ctx: MockContext, req: IncomingMessage, res: ServerResponse, path: string) {
  const op = `${req.method ?? 'GET'} ${path}`;
  if (op === 'GET /__mock/stats') return sendJson(res, 200, ctx.stats.snapshot());
  if (op === 'POST /__mock/stats/reset') {
    ctx.stats.reset();
    return void res.writeHead(204).end();
  }
  if (op === 'POST /__mock/faults') {
    applyFaultCommand(ctx.faults, await jsonBody(req));
    return void res.writeHead(204).end();
  }
  if (op === 'GET /__mock/clients') return sendJson(res, 200, ctx.clients.list().map(publicClient));
  if (op === 'POST /__mock/clients') {
    const client = ctx.clients.add((await jsonBody(req)) as unknown as MockClientConfig);
    return sendJson(res, 201, publicClient(client));
  }
  const match = /^\/__mock\/clients\/([^/]+)$/.exec(path);
  if (req.method === 'PATCH' && match?.[1] !== undefined) {
    const id = decodeURIComponent(match[1]);
    if (!ctx.clients.get(id)) return sendJson(res, 404, { error: 'unknown client' });
    const changes = (await jsonBody(req)) as Partial<MockClientConfig>;
    return sendJson(res, 200, publicClient(ctx.clients.update(id, changes)));
  }
  return sendJson(res, 404, { error: 'unknown control endpoint' });
}

/**
 * Handle `/__mock/...`: stats, stats reset, fault commands and clients. Only loopback callers
 * naming a loopback host are served (403 otherwise).
 */
export async function handleControl(
  ctx: MockContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!isLoopbackAddress(req.socket.remoteAddress) || !isLoopbackHost(req.headers.host)) {
    req.resume();
    return sendJson(res, 403, { error: 'the control plane only answers loopback callers' });
  }
  try {
    await route(ctx, req, res, pathOf(req));
  } catch (error) {
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
    if (!res.headersSent) sendJson(res, 400, { error: error.message });
  }
}
