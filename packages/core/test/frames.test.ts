import { describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../src';
import { Clock, fakeFetch, makeManager } from './helpers';

/** The frames between `TokenManager.getToken` and the `fetch` call, innermost first. */
function framesBetween(stack: string): string[] {
  const lines = stack.split('\n').slice(2); // "Error", then the fetch function itself
  const names = lines
    .map(
      (l) =>
        l
          .trim()
          .replace(/^at (async )?/, '')
          .split(' ')[0]!,
    )
    .filter((n) => !n.startsWith('process.'));
  const end = names.findIndex((n) => n === 'TokenManager.getToken');
  return end < 0 ? names : names.slice(0, end);
}

describe('call depth (house style: about 5 frames from getToken() to fetch())', () => {
  for (const withStore of [false, true]) {
    it(`a cold getToken() reaches fetch in a few frames${withStore ? ' (with a store)' : ''}`, async () => {
      const clock = new Clock();
      const endpoint = fakeFetch(clock);
      let stack = '';
      const { manager } = makeManager(
        clock,
        (url, init) => {
          stack = new Error().stack ?? '';
          return endpoint.fetch(url, init);
        },
        withStore ? { store: new MemoryTokenStore(clock.now) } : {},
      );
      await manager.getToken();
      const frames = framesBetween(stack);
      console.info(
        `getToken() → fetch()${withStore ? ' with a store' : ''}: ${frames.length} frames: ${frames.join(' ← ')}`,
      );
      // Without a store the whole path is synchronous up to fetch(), so the trace holds every frame
      // back to TokenManager.getToken; with one, the trace starts after the store read (async).
      if (!withStore) expect(stack).toContain('TokenManager.getToken');
      expect(frames.length).toBeLessThanOrEqual(5);
    });
  }
});
