import { describe, expect, it } from 'vitest';
import { BoundedMap, Doorkeeper, type EvictionReason } from '../../src/bounded-map';

interface Entry {
  used: boolean;
  stamp: number;
}

function cache(max: number, idleMs?: number, now?: () => number) {
  const evicted: string[] = [];
  const c = new BoundedMap<Entry>(max, {
    idleMs,
    now,
    onEvict: (id: string, _e: Entry, reason: EvictionReason) => evicted.push(`${id}:${reason}`),
  });
  const add = (id: string) => c.add(id, { used: false, stamp: 0 });
  return { c, add, evicted };
}

describe('BoundedMap', () => {
  it('when full, a newcomer is not kept while the entry it would replace is remembered; called again, it replaces the oldest entry not hit', () => {
    const { c, add, evicted } = cache(4);
    for (const id of ['a', 'b', 'c', 'd']) add(id);
    c.get('a');
    c.get('c');
    add('e'); // a was hit: protected; b (not hit) is remembered: e is not kept
    expect(evicted).toEqual(['e:capacity']);
    add('e'); // called again: kept (protected), b goes
    expect(evicted).toEqual(['e:capacity', 'b:capacity']);
    expect([...c.entries()].map(([id]) => id).sort()).toEqual(['a', 'c', 'd', 'e']);
  });

  it('a scan of 5 × max one-time ids evicts none of the entries hit before it', () => {
    const { c, add, evicted } = cache(100);
    const regular = Array.from({ length: 50 }, (_, i) => `r-${i}`);
    for (const id of regular) add(id);
    for (const id of regular) c.get(id);
    for (let i = 0; i < 500; i++) {
      add(`scan-${i}`);
      if (i % 50 === 0) for (const id of regular) expect(c.get(id)).toBeDefined();
    }
    expect(evicted.filter((e) => e.startsWith('r-'))).toEqual([]);
    expect(c.size).toBe(100);
    // A plain LRU would have kept only the last 100 scan ids.
    expect(evicted).toHaveLength(450);
  });

  it('protected holds at most 80 %: its least recently used entry goes back on probation, and goes if not hit there', () => {
    const { c, add, evicted } = cache(5); // protected: 4
    for (const id of ['a', 'b', 'c', 'd', 'e']) add(id);
    for (const id of ['a', 'b', 'c', 'd', 'e']) c.get(id);
    add('f'); // a…e promoted; a back on probation (not hit since): f is not kept
    expect(evicted).toEqual(['f:capacity']);
    add('f'); // again: protected; a goes; b back on probation
    expect(evicted).toEqual(['f:capacity', 'a:capacity']);
    c.get('b'); // hit on probation: protected again at the next add
    add('g');
    add('g');
    expect(evicted).toEqual(['f:capacity', 'a:capacity', 'g:capacity', 'c:capacity']);
    expect([...c.entries()].map(([id]) => id).sort()).toEqual(['b', 'd', 'e', 'f', 'g']);
  });

  it('a newcomer called again is kept, and then survives a scan', () => {
    const { c, add, evicted } = cache(10);
    for (let i = 0; i < 10; i++) add(`old-${i}`);
    add('newcomer');
    expect(evicted).toEqual(['newcomer:capacity']);
    add('newcomer'); // its second call: remembered → protected
    for (let i = 0; i < 50; i++) add(`scan-${i}`);
    expect(c.peek('newcomer')).toBeDefined();
    expect(evicted.filter((e) => e === 'newcomer:capacity')).toHaveLength(1);
  });

  it('the doorkeeper remembers one to two generations of ids, with few false positives', () => {
    const door = new Doorkeeper(1_000);
    expect(door.addAgain('merchant-1')).toBe(false);
    expect(door.addAgain('merchant-1')).toBe(true);
    const known = Array.from({ length: 500 }, (_, i) => `known-${i}`);
    for (const id of known) door.addAgain(id);
    let mistaken = 0;
    // 499 fill the first generation (1,000 ids); 500 go into the second.
    for (let i = 0; i < 999; i++) if (door.addAgain(`fresh-${i}`)) mistaken++;
    expect(mistaken).toBeLessThan(20); // about 1 % when a generation is full
    // known-* are in the previous generation now: still remembered.
    expect(known.filter((id) => door.addAgain(id)).length).toBe(500);
    for (let i = 0; i < 2_000; i++) door.addAgain(`filler-${i}`);
    // Two generations later, forgotten (but for false positives).
    const forgotten = Array.from({ length: 500 }, (_, i) => `other-${i}`);
    const before = forgotten.map((id) => door.addAgain(id)).filter(Boolean).length;
    expect(before).toBeLessThan(10);
  });

  it('idle: an entry not used since the previous sweep goes at the next; a hit or a recent add keeps it', () => {
    let now = 0;
    const { c, add, evicted } = cache(10, 1_000, () => now);
    add('a');
    add('b');
    now = 1_000;
    c.sweepIfDue(); // a and b were added since the last sweep: kept
    expect(evicted).toEqual([]);
    c.get('a');
    now = 2_000;
    c.sweepIfDue();
    expect(evicted).toEqual(['b:idle']);
    now = 3_000;
    c.sweepIfDue();
    expect(evicted).toEqual(['b:idle', 'a:idle']);
  });

  it('admission: false keeps every newcomer and drops the least recently used (a hit earns a second chance)', () => {
    const evicted: string[] = [];
    const c = new BoundedMap<Entry>(3, {
      admission: false,
      onEvict: (id: string) => evicted.push(id),
    });
    const add = (id: string) => c.add(id, { used: false, stamp: 0 });
    for (const id of ['a', 'b', 'c']) add(id);
    c.get('a');
    add('d'); // a was hit: to the back; b goes
    expect(evicted).toEqual(['b']);
    add('e'); // c (never hit) goes, not the newcomer
    expect(evicted).toEqual(['b', 'c']);
    expect([...c.entries()].map(([id]) => id).sort()).toEqual(['a', 'd', 'e']);
  });

  it('a hit moves nothing: the order of the entries is the same before and after', () => {
    const { c, add } = cache(10);
    for (let i = 0; i < 10; i++) add(`m-${i}`);
    const before = [...c.entries()].map(([id]) => id);
    for (let i = 9; i >= 0; i--) expect(c.get(`m-${i}`)?.used).toBe(true);
    expect([...c.entries()].map(([id]) => id)).toEqual(before);
  });
});
