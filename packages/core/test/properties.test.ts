import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccessToken, isAdumoOAuthError } from '../src';
import { parseTokenResponse } from '../src/acquisition/response';
import { createRedactor } from '../src/redact';
import { SECRET, makeJwt } from './helpers';

const SENT = 1_700_000_000_000;
const redact = createRedactor([SECRET]);
const SECRET_PIECES = Array.from({ length: SECRET.length - 9 }, (_, i) => SECRET.slice(i, i + 10));

/** Run the parser; return the token or the error, failing on any untyped throw. */
function parse(status: number, text: string, contentType: string): AccessToken | Error {
  try {
    return parseTokenResponse({
      status,
      statusText: '',
      headers: new Headers({ 'content-type': contentType }),
      text,
      sentAt: SENT,
      now: SENT,
      safeUrl: 'https://a.test/oauth/token?client_secret=[REDACTED]',
      minLifetimeMs: 0,
      defaultExpiresInMs: 300_000,
      redact,
    });
  } catch (error) {
    if (!isAdumoOAuthError(error)) throw error;
    return error;
  }
}

function assertSafe(result: AccessToken | Error): void {
  if (result instanceof AccessToken) {
    expect(result.expiresAt).toBeGreaterThan(SENT);
    expect(Number.isFinite(result.expiresAt)).toBe(true);
    expect(result.tokenType).toBe('Bearer');
    return;
  }
  expect(['token_endpoint', 'invalid_response']).toContain(
    (result as unknown as { code: string }).code,
  );
  // Not even a 10-character piece of the secret (a cut-off secret is still a leak).
  for (const text of [result.message, result.stack ?? '', JSON.stringify(result)]) {
    for (const piece of SECRET_PIECES) expect(text).not.toContain(piece);
  }
}

const status = fc.oneof(fc.constant(200), fc.integer({ min: 200, max: 599 }));
const contentType = fc.constantFrom(
  'application/json',
  'text/html',
  'application/xml',
  'text/plain',
  '',
);
const withSecret = fc.oneof(
  fc.string(),
  fc.constant(SECRET),
  fc.string().map((s) => `${s}${SECRET}${s}`),
);
const anyJson = fc.jsonValue().map((v) => JSON.stringify(v));

const tokenBody = fc.record(
  {
    access_token: fc.oneof(
      fc.string(),
      withSecret,
      fc
        .record({ exp: fc.oneof(fc.integer(), fc.double(), fc.string()), jti: fc.string() })
        .map(makeJwt),
      fc.constant(42),
    ),
    token_type: fc.oneof(
      fc.constantFrom('bearer', 'Bearer', 'BEARER', 'mac', ''),
      fc.string(),
      withSecret,
      fc.constant(null),
    ),
    expires_in: fc.oneof(
      fc.integer(),
      fc.double(),
      fc.string(),
      fc.constant(Number.MAX_SAFE_INTEGER),
      fc.constant(null),
    ),
    scope: fc.oneof(fc.string(), fc.array(fc.string()), fc.constant(7)),
    jti: fc.oneof(fc.string(), fc.integer()),
    error: withSecret,
    error_description: withSecret,
  },
  { requiredKeys: [] },
);

// CPU-bound (~1 s here): a generous cap so a loaded CI machine cannot time it out.
describe('response parsing properties (fast-check)', { timeout: 120_000 }, () => {
  it('any body → an AccessToken or a typed error, never the secret', () => {
    fc.assert(
      fc.property(
        status,
        fc.oneof(fc.string(), anyJson, withSecret),
        contentType,
        (s, text, type) => {
          assertSafe(parse(s, text, type));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('token-shaped JSON bodies → an AccessToken or a typed error, never the secret', () => {
    fc.assert(
      fc.property(status, tokenBody, (s, body) => {
        assertSafe(parse(s, JSON.stringify(body), 'application/json'));
      }),
      { numRuns: 1000 },
    );
  });

  it('a valid bearer response always yields a token expiring at min(sent + expires_in, JWT exp)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.option(fc.integer({ min: 1, max: 20_000_000 }), { nil: undefined }),
        fc.constantFrom('bearer', 'Bearer', 'BEARER', 'bEaReR'),
        (expiresIn, expOffset, type) => {
          const exp = expOffset === undefined ? undefined : SENT / 1000 + expOffset;
          const value = makeJwt(exp === undefined ? { jti: 'x' } : { exp, jti: 'x' });
          const token = parse(
            200,
            JSON.stringify({ access_token: value, token_type: type, expires_in: expiresIn }),
            'application/json',
          );
          expect(token).toBeInstanceOf(AccessToken);
          const expected = Math.min(
            SENT + expiresIn * 1000,
            exp === undefined ? Infinity : exp * 1000,
          );
          expect((token as AccessToken).expiresAt).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
