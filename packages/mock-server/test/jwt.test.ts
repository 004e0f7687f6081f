import { describe, expect, it } from 'vitest';
import { signJwt, verifyJwt } from '../src/jwt';
import { sign } from './helpers';

describe('HS256 JWT', () => {
  it('signs like any HS256 implementation and verifies its own tokens', () => {
    const claims = { sub: 'x', n: 1 };
    const token = signJwt(claims, 'k');
    expect(token).toBe(sign(claims, 'k'));
    expect(verifyJwt(token, 'k')).toEqual(claims);
  });

  it('rejects other keys, alg "none", tampered payloads and non-JWTs', () => {
    const token = signJwt({ a: 1 }, 'k');
    const [, payload, signature] = token.split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    const tampered = `${token.split('.')[0]}.${Buffer.from('{"a":2}').toString('base64url')}.${signature}`;
    for (const bad of [signJwt({ a: 1 }, 'other'), none, tampered, 'x.y', '', 'a.b.c.d']) {
      expect(verifyJwt(bad, 'k')).toBeUndefined();
    }
  });
});
