import { describe, expect, it } from 'vitest';
import { decodeToken, encodeToken } from '../src/codec';
import { parseEncryptionKey, ValueCipher } from '../src/encryption';
import { makeKey, makeToken } from './helpers/tokens';

describe('value codec (no Redis needed)', () => {
  it('round-trips plain and encrypted records, freezing the scope', () => {
    const token = makeToken({ scope: ['read', 'write'] });
    const cipher = new ValueCipher([makeKey()]);
    for (const c of [undefined, cipher]) {
      const decoded = decodeToken(encodeToken(token, 'k', c), 'k', c);
      expect(decoded).toEqual({ ok: true, token });
      expect(decoded.ok && Object.isFrozen(decoded.token.scope)).toBe(true);
    }
  });

  it('rejects oversized values and negative or non-finite times', () => {
    expect(decodeToken('x'.repeat(300_000), 'k', undefined)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    const bad = (patch: object) =>
      decodeToken(
        JSON.stringify({ v: 1, value: 'x', expiresAt: 2, issuedAt: 1, scope: [], ...patch }),
        'k',
        undefined,
      );
    expect(bad({}).ok).toBe(true);
    expect(bad({ expiresAt: -1 }).ok).toBe(false);
    expect(bad({ issuedAt: null }).ok).toBe(false);
    expect(bad({ value: 42 }).ok).toBe(false);
  });

  it('parses 32-byte keys given as bytes, hex, base64 and base64url, and nothing else', () => {
    const key = makeKey();
    for (const form of [
      key,
      new Uint8Array(key),
      key.toString('hex'),
      key.toString('base64'),
      key.toString('base64url'),
    ]) {
      expect(parseEncryptionKey(form).equals(key)).toBe(true);
    }
    for (const wrong of [
      makeKey().subarray(0, 31),
      'a'.repeat(63),
      '',
      '!!!!',
      Buffer.alloc(33).toString('base64'),
      42 as never,
    ]) {
      expect(() => parseEncryptionKey(wrong)).toThrow(/32 bytes/);
    }
  });

  it('never echoes a rejected key in the error', () => {
    const almost = 'k'.repeat(40);
    expect(() => parseEncryptionKey(almost)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(almost) }),
    );
  });

  it('an empty rotation list is a configuration error', () => {
    expect(() => new ValueCipher([])).toThrow(/empty/);
  });
});
