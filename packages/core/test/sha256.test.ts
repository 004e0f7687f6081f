import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/sha256';

describe('sha256Hex (the cache key hash, platform-free)', () => {
  it('matches node:crypto on padding edges, multi-block and non-ASCII input', () => {
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
      expect(sha256Hex(text), `length ${text.length}`).toBe(
        createHash('sha256').update(text).digest('hex'),
      );
    }
  });
});
