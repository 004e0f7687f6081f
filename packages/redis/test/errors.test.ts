import { EventEmitter } from 'node:events';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CommandRunner } from '../src/command-runner';
import { sanitizeError } from '../src/errors';
import { StoreHealth } from '../src/health';

/** What a hostile Redis (or a proxy in front of it) may write into an error. */
const HOSTILE =
  'ERR h\u001b[2J\u001b]52;c;aGFja2Vk\u0007\u009b31m\u0085\r\n[adumo-oauth] FORGED\u2028\u202e\u200b\ud800';
const JWT = `eyJhbGciOiJIUzI1NiJ9.${'eyJzdWIiOiJ4In0'}.${'s'.repeat(43)}`;
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

describe('Redis error texts (no Redis needed)', () => {
  it('sanitizeError shows name and message through the core: escaped, redacted, capped', () => {
    const error = Object.assign(new Error(`${HOSTILE} ${JWT} ${'x'.repeat(10_000)}`), {
      name: `ReplyError\u001b[31m`,
      command: { name: 'set', args: ['k', JWT] },
    });
    const copy = sanitizeError(error);
    expect(copy.message).toMatch(/^ERR h\\u001b\[2J\\u001b\]52;c;aGFja2Vk\\u0007\\u009b31m/);
    expect(copy.message).toContain(
      '\\u000d\\u000a[adumo-oauth] FORGED\\u2028\\u202e\\u200b\\ud800',
    );
    expect(copy.message).toMatch(/…\(\d+ more\)$/);
    expect(copy.message.length).toBeLessThan(230);
    expect(copy.message).not.toContain(JWT);
    expect(copy.name).toBe('ReplyError\\u001b[31m');
    expect(UNSAFE.test(copy.message + copy.name)).toBe(false);
    expect('command' in copy).toBe(false); // no command.args
    expect(sanitizeError('plain \u0007 text').message).toBe('plain \\u0007 text');
  });

  it('a failed Redis call: the typed error, its cause and the warn line hold nothing raw', async () => {
    const lines: string[] = [];
    const health = new StoreHealth(new EventEmitter(), {
      warn: (m: string) => lines.push(m),
      info: (m: string) => lines.push(m),
    });
    const runner = new CommandRunner(1_000, health);
    const error = await runner
      .run('get', () => Promise.reject(new Error(HOSTILE)))
      .catch((e: unknown) => e as Error & { cause: Error; reason: string });
    expect(error).toMatchObject({ name: 'RedisTokenStoreError', reason: 'unavailable' });
    const shown = [
      error.message,
      error.cause.message,
      inspect(error, { depth: 5 }),
      JSON.stringify(error),
      ...lines,
    ];
    for (const text of shown) expect(UNSAFE.test(text.replace(/\n/g, ''))).toBe(false);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('ERR h\\u001b[2J');
  });
});
