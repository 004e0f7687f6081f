import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AdumoOAuthError, isAdumoOAuthError, AccessToken, TokenEndpointError } from '../src';
import { redactText, redactUrl } from '../src/adapter';
import { SECRET, makeJwt } from './helpers';

/** The part of a build's exports this test uses. */
interface Dist {
  AdumoOAuthError: typeof AdumoOAuthError;
  TokenEndpointError: typeof TokenEndpointError;
  isAdumoOAuthError: typeof isAdumoOAuthError;
}

describe('errors (behaviour 8)', () => {
  it('every class has its code, name, cause and the brand', () => {
    const cause = new Error('low level');
    const cases: [AdumoOAuthError, string, string][] = [
      [new AdumoOAuthError('config', 'c', { cause }), 'config', 'AdumoOAuthError'],
      [new AdumoOAuthError('network', 'n', { cause }), 'network', 'AdumoOAuthError'],
      [new AdumoOAuthError('timeout', 't', { cause }), 'timeout', 'AdumoOAuthError'],
      [
        new AdumoOAuthError('invalid_response', 'i', { cause }),
        'invalid_response',
        'AdumoOAuthError',
      ],
      [new AdumoOAuthError('aborted', 'a', { cause }), 'aborted', 'AdumoOAuthError'],
      [new AdumoOAuthError('store', 's', { cause }), 'store', 'AdumoOAuthError'],
      [
        new TokenEndpointError('e', { status: 500, retryable: true, cause }),
        'token_endpoint',
        'TokenEndpointError',
      ],
    ];
    for (const [error, code, name] of cases) {
      expect(error).toBeInstanceOf(AdumoOAuthError);
      expect(error).toBeInstanceOf(Error);
      expect([error.code, error.name, error.cause]).toEqual([code, name, cause]);
      expect(error.stack).toMatch(new RegExp(`^${name}: `));
      expect(isAdumoOAuthError(error)).toBe(true);
    }
    // Retryability is decided by the one classifier (src/retry.ts), not by a class
    // default: a hand-made error is not retryable unless it says so.
    expect([
      new AdumoOAuthError('network', 'x').retryable,
      new AdumoOAuthError('network', 'x', { retryable: true }).retryable,
      new AdumoOAuthError('timeout', 'x').retryable,
      new AdumoOAuthError('config', 'x').retryable,
    ]).toEqual([false, true, false, false]);
    expect(isAdumoOAuthError(new Error('x'))).toBe(false);
    expect(isAdumoOAuthError({ code: 'network' })).toBe(false);
    expect(isAdumoOAuthError(null)).toBe(false);
    // With a code, it narrows by code.
    const network = new AdumoOAuthError('network', 'x');
    expect([isAdumoOAuthError(network, 'network'), isAdumoOAuthError(network, 'timeout')]).toEqual([
      true,
      false,
    ]);
  });

  it('the brand works across the ESM and CommonJS builds', async () => {
    const require = createRequire(import.meta.url);
    const cjs = require('../dist/index.cjs') as Dist;
    const esm = (await import('../dist/index.mjs')) as Dist;
    const fromCjs = new cjs.TokenEndpointError('x', { status: 401, retryable: false });
    expect(fromCjs).not.toBeInstanceOf(esm.AdumoOAuthError);
    expect(esm.isAdumoOAuthError(fromCjs)).toBe(true);
    expect(cjs.isAdumoOAuthError(new esm.AdumoOAuthError('network', 'y'))).toBe(true);
  });

  it('messages are redacted; the response is non-enumerable and out of JSON and inspect()', () => {
    const error = new TokenEndpointError(
      `failed https://a.test/t?client_id=x&client_secret=${encodeURIComponent('abc def')}&z=1 Bearer abcdefghijklmnop`,
      {
        status: 400,
        retryable: false,
        response: new Response('body'),
      },
    );
    expect(error.message).toBe(
      'failed https://a.test/t?client_id=x&client_secret=[REDACTED]&z=1 Bearer [REDACTED]',
    );
    expect(Object.keys(error)).not.toContain('response');
    expect(error.response).toBeInstanceOf(Response);
    expect(JSON.stringify(error)).not.toContain('body');
    expect(inspect(error)).not.toMatch(/response/);
  });

  it('redaction helpers', () => {
    const jwt = makeJwt({ exp: 1, jti: 'x' });
    expect(
      redactUrl(
        `https://a.test/?grant_type=client_credentials&client_secret=${encodeURIComponent(SECRET)}`,
      ),
    ).toBe('https://a.test/?grant_type=client_credentials&client_secret=[REDACTED]');
    expect(redactText(`token ${jwt} end`)).toBe(
      `token ${jwt.slice(0, 6)}…(${jwt.length} chars) end`,
    );
    expect(redactText('{"client_secret":"x\\"y","a":1}')).toBe(
      '{"client_secret":"[REDACTED]","a":1}',
    );
  });
});

describe('AccessToken', () => {
  const value = makeJwt({
    exp: 2_000_000_000,
    jti: 'jwt-jti',
    authorities: ['TRANSACTION_CREATE', 7],
    scope: ['read'],
  });
  const token = new AccessToken({
    value,
    expiresAt: 2_000_000_000_000,
    issuedAt: 1_999_999_000_000,
  });

  it('exposes claims, jti, scope and authorities', () => {
    expect(token.tokenType).toBe('Bearer');
    expect(token.value).toBe(value);
    expect(token.jti).toBe('jwt-jti');
    expect(token.scope).toEqual(['read']);
    expect(token.authorities).toEqual(['TRANSACTION_CREATE']);
    expect(token.hasAuthority('TRANSACTION_CREATE')).toBe(true);
    expect(token.hasAuthority('REFUND_TRANSACTION')).toBe(false);
    expect(token.claims?.['exp']).toBe(2_000_000_000);
    expect(new AccessToken({ value: 'opaque', expiresAt: 1, issuedAt: 0 }).claims).toBeUndefined();
  });

  it('toString, toJSON, inspect and spread never show the token', () => {
    for (const text of [
      String(token),
      `x${String(token)}`,
      JSON.stringify(token),
      inspect(token),
      inspect({ nested: token }),
      JSON.stringify({ ...token }),
    ]) {
      expect(text).not.toContain(value);
      expect(text).not.toContain(value.slice(10, 40));
    }
    expect(String(token)).toBe('Bearer ' + value.slice(0, 6) + `…(${value.length} chars)`);
    expect(JSON.parse(JSON.stringify(token))).toMatchObject({
      tokenType: 'Bearer',
      jti: 'jwt-jti',
      expiresAt: '2033-05-18T03:33:20.000Z',
    });
  });
});
