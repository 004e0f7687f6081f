import { describe, expect, it } from 'vitest';
import {
  AbortError,
  ClosedError,
  ConfigError,
  InvalidResponseError,
  NetworkError,
  StoreError,
  TimeoutError,
  TokenEndpointError,
  tokenProblem,
} from '../src';

describe('tokenProblem: the one error → HTTP status map (Express and Nest share it)', () => {
  it('maps every core error code, and anything else to 500 unknown', () => {
    const cases: [unknown, number, string][] = [
      [new TokenEndpointError('x', { status: 401, retryable: false }), 502, 'token_endpoint'],
      [new InvalidResponseError('x'), 502, 'invalid_response'],
      [new NetworkError('x'), 503, 'network'],
      [new TimeoutError('x'), 503, 'timeout'],
      [new StoreError('x'), 503, 'store'],
      [new ClosedError(), 503, 'closed'],
      [new AbortError(), 499, 'aborted'],
      [new ConfigError('x'), 500, 'config'],
      [new TypeError('a bug'), 500, 'unknown'],
      ['network', 503, 'network'],
      [undefined, 500, 'unknown'],
      // Only known codes are repeated: an answer's `code` never carries outside text.
      ['\u001b[2Jmade-up', 500, 'unknown'],
      [{ [Symbol.for('@adumo-oauth/core:error')]: true, code: 'x\r\nforged' }, 500, 'unknown'],
      ['toString', 500, 'unknown'],
    ];
    for (const [error, status, code] of cases) {
      expect(tokenProblem(error), String(code)).toMatchObject({ status, code });
      expect(tokenProblem(error).title).not.toMatch(/secret|x$/);
    }
  });
});
