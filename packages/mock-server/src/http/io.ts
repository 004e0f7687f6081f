import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 1024 * 1024;

/** Read a request body as UTF-8 (at most 1 MiB; more is an error). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Write a complete response with an explicit `Content-Length`. */
export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

/** Content type Spring uses for JSON. */
export const JSON_TYPE = 'application/json;charset=UTF-8';

/** Write a JSON response (field order as given). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON_TYPE, JSON.stringify(body), headers);
}

/**
 * Whether the `Accept` header allows a JSON answer. A missing header allows anything; otherwise one
 * of `application/json`, `application/*`, `*\/*` or a `+json` type must be listed with q > 0.
 */
export function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const [type = '', ...params] = range.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) return false;
    return (
      type === 'application/json' ||
      type === 'application/*' ||
      type === '*/*' ||
      type.endsWith('+json')
    );
  });
}

/** Whether an address is a loopback address (IPv4 127/8, IPv6 ::1 or IPv4-mapped 127/8). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

/** Whether a `Host` header names the loopback interface (guards the control plane against DNS rebinding). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return name === 'localhost' || name === '[::1]' || (name?.startsWith('127.') ?? false);
}

/** The path part of a request URL. */
export function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://mock').pathname;
}

/**
 * Give every response written through `res` a `Date` header computed when its head is written
 * (explicit `writeHead` or the implicit one of `end()`), instead of Node's host clock.
 */
export function stampDate(res: ServerResponse, date: () => string): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = (...args: unknown[]) => {
    if (!res.headersSent) res.setHeader('Date', date());
    return writeHead(...args);
  };
}
