import { randomBytes } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * Every class of character a server must never get onto the user's terminal: ESC sequences (clear
 * screen, OSC 52 clipboard write, OSC 8 hyperlink), BEL, C1 controls (U+009B is CSI), CR/LF, the
 * line and paragraph separators, every bidi control, zero-width characters, BOM, DEL, NUL and
 * lone surrogates.
 */
export const HOSTILE =
  'h\u001b[2J\u001b]52;c;aGFja2Vk\u0007\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007' +
  '\u0007\u009b31m\u0080\u0085\u009d\u009f\r\nFORGED: ok\u2028\u2029' +
  '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c' +
  '\u200b\u200c\u200d\u2060\ufeff\u00ad\u007f\u0000\ud800x\udfffz';

/** Any character of those classes except LF (every line of output ends with one). */
export const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\ufffd]/u;
const UNSAFE_ALL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\ufffd]/gu;

/** How many characters of each dangerous class a text holds (LF not counted). */
export function unsafeCounts(text: string): Record<string, number> {
  const count = (re: RegExp): number => (text.match(re) ?? []).length;
  return {
    esc: text.split('\u001b').length - 1,
    bel: text.split('\u0007').length - 1,
    c1: count(/[\u0080-\u009f]/g),
    cr: count(/\r/g),
    bidi: count(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g),
    zeroWidth: count(/[\u200b-\u200d\u2060\ufeff]/g),
    separators: count(/[\u2028\u2029]/g),
    replacement: count(/\ufffd/g), // a lone surrogate or a stray C1 byte, once encoded
    all: (text.replace(/\n/g, '').match(UNSAFE_ALL) ?? []).length,
  };
}

/** What the hostile token endpoint answers. */
export type HostileMode =
  | 'refuse' // 401 with hostile error / error_description, echoing the secret in several encodings
  | 'huge' // 401 with a 900 KiB error_description
  | 'token' // 200: a JWT with hostile claims, a hostile jti and scope
  | 'token-type' // 200 with a hostile token_type
  | 'html' // 200, not JSON, with a hostile Content-Type
  | 'opaque'; // 200: an opaque 64-character token (the API echoes it in its `error`)

const CARD = [
  'TRANSACTION_CREATE',
  'AUTHORISE_CARD_TRANSACTION',
  'SETTLE_TRANSACTION',
  'REFUND_TRANSACTION',
  'REVERSE_TRANSACTION',
];
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT whose header and claims hold {@link HOSTILE} (keys too), valid for an hour. */
export function hostileJwt(extra: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'HS256', typ: 'JWT', kid: HOSTILE };
  const claims = {
    aud: ['resource-server-rest-api'],
    scope: ['read', HOSTILE],
    exp: now + 3600,
    jti: HOSTILE,
    client_id: HOSTILE,
    authorities: [...CARD, HOSTILE],
    [HOSTILE]: { nested: [HOSTILE] },
    ...extra,
  };
  return `${b64url(header)}.${b64url(claims)}.${randomBytes(32).toString('base64url')}`;
}

/** The secret as a hostile endpoint may echo it: raw, percent-, form-, base64-encoded. */
function echoes(secret: string): string {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    Buffer.from(secret).toString('base64'),
  ].join(' ');
}

/** A 900 KiB description: hostile text, with the secret every ~4 KiB (one straddles 512). */
function hugeDescription(secret: string): string {
  const parts: string[] = [`${'d'.repeat(500)}${secret}`];
  let size = parts[0]!.length;
  while (size < 900 * 1024) {
    const part = `${HOSTILE}${'A'.repeat(4000)}${echoes(secret)}`;
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

/** A hostile Adumo: token endpoint and API on 127.0.0.1 (port 0), http or https. */
export interface HostileServer {
  readonly baseUrl: string;
  mode: HostileMode;
  /** The last opaque token handed out. */
  readonly opaqueToken: string | undefined;
  close(): Promise<void>;
}

/** Start a {@link HostileServer}; with `tls`, over https with that key and certificate. */
export async function startHostile(tls?: { key: Buffer; cert: Buffer }): Promise<HostileServer> {
  let opaque: string | undefined;
  const state = { mode: 'refuse' as HostileMode };
  const json = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    req.resume();
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/oauth/token') {
        const secret = url.searchParams.get('client_secret') ?? '';
        switch (state.mode) {
          case 'refuse':
            return json(res, 401, {
              error: `invalid_client${HOSTILE}`,
              error_description: `Bad client credentials ${HOSTILE} ${echoes(secret)}`,
            });
          case 'huge':
            return json(res, 401, {
              error: 'invalid_client',
              error_description: hugeDescription(secret),
            });
          case 'token':
            return json(res, 200, {
              access_token: hostileJwt(),
              token_type: 'bearer',
              expires_in: 3600,
              scope: `read ${HOSTILE}`,
              jti: HOSTILE,
            });
          case 'token-type':
            return json(res, 200, {
              access_token: hostileJwt(),
              token_type: `${HOSTILE}${echoes(secret)}`,
              expires_in: 3600,
            });
          case 'html':
            res.writeHead(200, { 'content-type': 'text/html; charset=\u009b\u0085\u00ff' });
            return void res.end(`<html>${HOSTILE}</html>`);
          case 'opaque':
            opaque = `o${randomBytes(32).toString('hex').slice(1)}`;
            return json(res, 200, { access_token: opaque, token_type: 'bearer', expires_in: 3600 });
        }
      }
      // The API: refuses every call, echoing the token it was sent (as Spring does) and more.
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      return json(res, 403, { error: `${token}${HOSTILE}`, error_description: HOSTILE });
    });
  };
  const server = tls === undefined ? createHttpServer(handler) : createHttpsServer(tls, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    get mode() {
      return state.mode;
    },
    set mode(mode: HostileMode) {
      state.mode = mode;
    },
    get opaqueToken() {
      return opaque;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
