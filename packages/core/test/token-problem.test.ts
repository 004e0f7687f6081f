import { describe, expect, it } from 'vitest';
import { AdumoOAuthError, TokenEndpointError } from '../src';
import { problemAnswer, tokenProblem } from '../src/adapter';

describe('tokenProblem: the one error → problem+json answer (Express and Nest send it as is)', () => {
  it('maps every core error code, and anything else to 500 unknown', () => {
    const cases: [unknown, number, string][] = [
      [new TokenEndpointError('x', { status: 401, retryable: false }), 502, 'token_endpoint'],
      [new AdumoOAuthError('invalid_response', 'x'), 502, 'invalid_response'],
      [new AdumoOAuthError('network', 'x'), 503, 'network'],
      [new AdumoOAuthError('timeout', 'x'), 503, 'timeout'],
      [new AdumoOAuthError('store', 'x'), 503, 'store'],
      [new AdumoOAuthError('closed', 'the TokenManager is closed'), 503, 'closed'],
      [new AdumoOAuthError('aborted', 'getToken() was aborted by the caller'), 499, 'aborted'],
      [new AdumoOAuthError('config', 'x'), 500, 'config'],
      [new TypeError('a bug'), 500, 'unknown'],
      ['network', 503, 'network'],
      [undefined, 500, 'unknown'],
      // Only known codes are repeated: an answer's `code` never carries outside text.
      ['\u001b[2Jmade-up', 500, 'unknown'],
      [{ [Symbol.for('@adumo-oauth/core:error')]: true, code: 'x\r\nforged' }, 500, 'unknown'],
      ['toString', 500, 'unknown'],
    ];
    for (const [error, status, code] of cases) {
      expect(tokenProblem(error), String(code)).toMatchObject({ status, body: { status, code } });
      expect(tokenProblem(error).body.detail).not.toMatch(/secret|x$/);
    }
  });

  it('is the whole answer: status, headers and the RFC 9457 body', () => {
    expect(tokenProblem(new AdumoOAuthError('network', 'x'))).toEqual({
      status: 503,
      headers: {
        'content-type': 'application/problem+json; charset=utf-8',
        'cache-control': 'no-store',
      },
      body: {
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: 'The payment gateway token endpoint is unreachable',
        code: 'network',
      },
    });
    expect(tokenProblem('aborted').body.title).toBe('Error');
    const limited = new TokenEndpointError('x', {
      status: 429,
      retryable: true,
      retryAfterMs: 1_500,
    });
    expect(tokenProblem(limited).headers['retry-after']).toBe('2');
    expect(problemAnswer('middleware_missing', 500, 'Not mounted')).toMatchObject({
      status: 500,
      body: { title: 'Internal Server Error', detail: 'Not mounted', code: 'middleware_missing' },
    });
  });
});
