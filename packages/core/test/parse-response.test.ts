import { describe, expect, it } from 'vitest';
import { type AdumoOAuthError, isAdumoOAuthError, TokenEndpointError } from '../src';
import { parseTokenResponse, type RawTokenResponse } from '../src/acquisition/response';
import { createRedactor } from '../src/redact';
import { SECRET, makeJwt } from './helpers';

const SENT = 1_700_000_000_000;

function raw(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): RawTokenResponse {
  return {
    status,
    statusText: '',
    headers: new Headers({ 'content-type': 'application/json', ...headers }),
    text: typeof body === 'string' ? body : JSON.stringify(body),
    sentAt: SENT,
    now: SENT + 50,
    safeUrl: 'https://auth.example.test/oauth/token?client_secret=[REDACTED]',
    minLifetimeMs: 0,
    defaultExpiresInMs: 300_000,
    redact: createRedactor([SECRET]),
  };
}

function fail(r: RawTokenResponse): Error {
  try {
    parseTokenResponse(r);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

const jwt = (expSeconds?: number) =>
  makeJwt({
    jti: 'j1',
    authorities: ['A'],
    ...(expSeconds === undefined ? {} : { exp: expSeconds }),
  });

describe('expiry (behaviour 1)', () => {
  it('= send time + expires_in when the JWT exp is later', () => {
    const t = parseTokenResponse(
      raw(200, { access_token: jwt(SENT / 1000 + 7200), token_type: 'bearer', expires_in: 3600 }),
    );
    expect(t.expiresAt).toBe(SENT + 3_600_000);
    expect(t.issuedAt).toBe(SENT);
  });

  it('the JWT exp wins when it is earlier', () => {
    const t = parseTokenResponse(
      raw(200, { access_token: jwt(SENT / 1000 + 60), token_type: 'bearer', expires_in: 3600 }),
    );
    expect(t.expiresAt).toBe(SENT + 60_000);
  });

  it('missing expires_in: the JWT exp; opaque token: the configured default', () => {
    expect(
      parseTokenResponse(raw(200, { access_token: jwt(SENT / 1000 + 90), token_type: 'bearer' }))
        .expiresAt,
    ).toBe(SENT + 90_000);
    const opaque = parseTokenResponse(
      raw(200, { access_token: 'opaque-token-value', token_type: 'Bearer' }),
    );
    expect(opaque.expiresAt).toBe(SENT + 300_000);
    expect(opaque.claims).toBeUndefined();
  });

  it('accepts a numeric string expires_in; a huge one falls back to the JWT exp', () => {
    expect(
      parseTokenResponse(
        raw(200, { access_token: 'opaque-abc', token_type: 'bearer', expires_in: '120' }),
      ).expiresAt,
    ).toBe(SENT + 120_000);
    const huge = parseTokenResponse(
      raw(200, {
        access_token: jwt(SENT / 1000 + 30),
        token_type: 'bearer',
        expires_in: Number.MAX_SAFE_INTEGER,
      }),
    );
    expect(huge.expiresAt).toBe(SENT + 30_000);
    const hugeOpaque = parseTokenResponse(
      raw(200, { access_token: 'opaque-abc', token_type: 'bearer', expires_in: 1e12 }),
    );
    expect(hugeOpaque.expiresAt).toBe(SENT + 300_000);
  });

  it('rejects negative, zero and non-numeric expires_in, and an already expired JWT', () => {
    for (const expires_in of [-5, 0, 'soon', true, {}]) {
      const e = fail(raw(200, { access_token: 'opaque-abc', token_type: 'bearer', expires_in }));
      expect(isAdumoOAuthError(e, 'invalid_response')).toBe(true);
      expect((e as AdumoOAuthError).code).toBe('invalid_response');
      expect(e.message).toMatch(/expires_in/);
    }
    const expired = fail(
      raw(200, { access_token: jwt(SENT / 1000 - 1), token_type: 'bearer', expires_in: 60 }),
    );
    expect(expired.message).toMatch(/already expired/);
  });
});

describe('token_type and fields', () => {
  it('compares token_type case-insensitively and normalises to Bearer', () => {
    for (const type of ['bearer', 'Bearer', 'BEARER']) {
      expect(
        parseTokenResponse(
          raw(200, { access_token: 'opaque-abc', token_type: type, expires_in: 5 }),
        ).tokenType,
      ).toBe('Bearer');
    }
  });

  it('rejects other token types and a missing token_type or access_token', () => {
    expect(
      fail(raw(200, { access_token: 'x-abc', token_type: 'mac', expires_in: 5 })).message,
    ).toMatch(/token_type is "mac"/);
    expect(fail(raw(200, { access_token: 'x-abc', expires_in: 5 })).message).toMatch(
      /no token_type/,
    );
    expect(fail(raw(200, { token_type: 'bearer', expires_in: 5 })).message).toMatch(
      /no access_token/,
    );
    expect(fail(raw(200, { access_token: '  ', token_type: 'bearer' })).message).toMatch(
      /no access_token/,
    );
  });

  it('reads scope, jti, claims and authorities', () => {
    const t = parseTokenResponse(
      raw(200, {
        access_token: jwt(SENT / 1000 + 60),
        token_type: 'bearer',
        scope: 'read write',
        jti: 'body-jti',
      }),
    );
    expect(t.scope).toEqual(['read', 'write']);
    expect(t.jti).toBe('body-jti');
    expect(t.claims?.['jti']).toBe('j1');
    expect(t.authorities).toEqual(['A']);
    expect(t.hasAuthority('A')).toBe(true);
    expect(t.hasAuthority('B')).toBe(false);
  });
});

describe('bad bodies (behaviour 8)', () => {
  it('non-JSON, HTML and XML 200 bodies are invalid_response with a useful message', () => {
    expect(
      fail(raw(200, '{"access_token": "abc', { 'content-type': 'application/json' })).message,
    ).toMatch(/not a JSON object \(malformed or cut short/);
    expect(
      fail(raw(200, '<html><body>hi</body></html>', { 'content-type': 'text/html' })).message,
    ).toMatch(/an HTML page \(text\/html\)/);
    expect(
      fail(raw(200, '<?xml version="1.0"?><oauth/>', { 'content-type': 'application/xml' }))
        .message,
    ).toMatch(/XML \(application\/xml\)/);
    expect(fail(raw(200, '[1,2]')).message).toMatch(/not a JSON object/);
    expect(fail(raw(200, '')).message).toMatch(/empty body/);
  });

  it('OAuth errors become TokenEndpointError with status, error, errorDescription, retryable', () => {
    const e = fail(
      raw(
        401,
        { error: 'invalid_client', error_description: 'Bad client credentials' },
        { 'www-authenticate': 'Basic' },
      ),
    ) as TokenEndpointError;
    expect(e).toBeInstanceOf(TokenEndpointError);
    expect([e.code, e.status, e.error, e.errorDescription, e.retryable]).toEqual([
      'token_endpoint',
      401,
      'invalid_client',
      'Bad client credentials',
      false,
    ]);
    expect(e.message).toBe(
      'Token endpoint answered 401 with invalid_client: Bad client credentials (POST https://auth.example.test/oauth/token?client_secret=[REDACTED])',
    );
    expect(Object.keys(e)).not.toContain('response');
    expect(e.response?.status).toBe(401);
    expect(e.response?.url).toBe('');
  });

  it('Spring Boot non-OAuth 401, HTML 502 and XML 400 error bodies', () => {
    const spring = fail(
      raw(401, {
        timestamp: 1,
        status: 401,
        error: 'Unauthorized',
        message: 'Full authentication is required',
        path: '/oauth/token',
      }),
    ) as TokenEndpointError;
    expect([spring.error, spring.errorDescription]).toEqual([
      'Unauthorized',
      'Full authentication is required',
    ]);
    const html = fail(
      raw(502, '<html><head><title>502 Bad Gateway</title></head></html>', {
        'content-type': 'text/html',
      }),
    ) as TokenEndpointError;
    expect([html.status, html.error, html.retryable]).toEqual([502, undefined, true]);
    expect(html.message).toMatch(/502 with an HTML page/);
    const xml = fail(
      raw(400, '<oauth><error>invalid_request</error></oauth>', {
        'content-type': 'application/xml',
      }),
    ) as TokenEndpointError;
    expect([xml.status, xml.retryable]).toEqual([400, false]);
    expect(xml.message).toMatch(/400 with XML/);
  });

  it('marks 5xx, 429 and 408 retryable but not 400/401/403/501', () => {
    const retryable = (status: number) =>
      (fail(raw(status, { error: 'x' })) as TokenEndpointError).retryable;
    expect([500, 502, 503, 504, 429, 408].map(retryable)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([400, 401, 403, 404, 501].map(retryable)).toEqual([false, false, false, false, false]);
  });

  it('parses Retry-After seconds and HTTP dates', () => {
    expect((fail(raw(429, {}, { 'retry-after': '3' })) as TokenEndpointError).retryAfterMs).toBe(
      3000,
    );
    const date = new Date(SENT + 10_000).toUTCString(); // whole seconds; parsed at SENT + 50
    expect((fail(raw(503, {}, { 'retry-after': date })) as TokenEndpointError).retryAfterMs).toBe(
      9_950,
    );
    expect(
      (fail(raw(503, {}, { 'retry-after': 'soon' })) as TokenEndpointError).retryAfterMs,
    ).toBeUndefined();
  });

  it('redacts a secret echoed by the endpoint in messages, fields and the kept response', async () => {
    const e = fail(
      raw(400, { error: 'invalid_request', error_description: `bad secret ${SECRET}` }),
    ) as TokenEndpointError;
    expect(isAdumoOAuthError(e)).toBe(true);
    expect(e.message).not.toContain(SECRET);
    expect(e.errorDescription).toBe('bad secret [REDACTED]');
    expect(await e.response!.text()).not.toContain(SECRET);
  });
});
