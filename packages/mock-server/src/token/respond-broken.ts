import type { ServerResponse } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { send, JSON_TYPE } from '../http/io';

/** The broken-answer kinds that replace a whole token response. */
export type BrokenKind = 'malformed-json' | 'html' | 'truncated' | 'reset' | 'hang';

const HTML_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
  '<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

function fakeTokenBody(): string {
  const fake = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${randomBytes(48).toString('base64url')}.x`;
  return JSON.stringify({
    access_token: fake,
    token_type: 'bearer',
    expires_in: 599999,
    scope: 'read',
    jti: randomUUID(),
  });
}

/**
 * Answer with a broken response: invalid JSON with a JSON content type, a proxy's HTML error page
 * (502), a body cut off mid-way (the socket closes before `Content-Length` bytes), a TCP reset, or
 * nothing at all (`hang`; the socket stays open until the client gives up or the server closes).
 * Returns the HTTP status sent, if any.
 */
export function sendBroken(res: ServerResponse, kind: BrokenKind): number | undefined {
  switch (kind) {
    case 'malformed-json': {
      const body = fakeTokenBody();
      send(res, 200, JSON_TYPE, body.slice(0, Math.floor(body.length * 0.6)), {
        'Cache-Control': 'no-store',
      });
      return 200;
    }
    case 'html':
      send(res, 502, 'text/html', HTML_PAGE);
      return 502;
    case 'truncated': {
      const body = fakeTokenBody();
      res.writeHead(200, {
        'Content-Type': JSON_TYPE,
        'Content-Length': String(Buffer.byteLength(body)),
        'Cache-Control': 'no-store',
      });
      res.write(body.slice(0, Math.floor(body.length / 2)), () => res.destroy());
      return 200;
    }
    case 'reset':
      res.socket?.resetAndDestroy();
      return undefined;
    case 'hang':
      return undefined;
  }
}
