import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { MemoryTokenStore } from '../src/index';
import { Clock, fakeFetch, makeManager } from './helpers';
import { sha256Hex } from '../src/shared/seal';

describe('sha256Hex (the cache key hash, from Web Crypto)', () => {
  it('matches node:crypto on padding edges, multi-block and non-ASCII input', async () => {
    const inputs = [
      '',
      'abc',
      'x'.repeat(55),
      'x'.repeat(56),
      'x'.repeat(64),
      'é✓ Head&#+%/=',
      'y'.repeat(1000),
    ];
    for (const text of inputs) {
      expect(await sha256Hex(text), `length ${text.length}`).toBe(
        createHash('sha256').update(text).digest('hex'),
      );
    }
  });
});

describe('the cache key, computed when first needed', () => {
  it('is never computed by a manager without a store, and once by one with a store', async () => {
    const digest = vi.spyOn(crypto.subtle, 'digest');
    try {
      const clock = new Clock();
      const endpoint = fakeFetch(clock);
      const plain = makeManager(clock, endpoint.fetch).manager;
      await plain.getToken();
      await plain.invalidate();
      expect(digest).toHaveBeenCalledTimes(0);
      expect(plain.toJSON()['cacheKey']).toBeUndefined();

      const store = new MemoryTokenStore();
      const shared = makeManager(clock, endpoint.fetch, { store }).manager;
      await shared.getToken();
      await shared.invalidate();
      // Two digests (the secret, then the identity), for however many store calls.
      expect(digest).toHaveBeenCalledTimes(2);
      expect(shared.toJSON()['cacheKey']).toBe(await shared.cacheKey());
      expect(digest).toHaveBeenCalledTimes(2);
    } finally {
      digest.mockRestore();
    }
  });
});
