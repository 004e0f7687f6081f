import { describe, expect, it } from 'vitest';
import { FIELD_MAX, MESSAGE_MAX, outsideText } from '../src/outside-text';
import { createRedactor } from '../src/redact';
import { HOSTILE_CHARS, hostileText, rawUnsafe } from './adversarial/forms';

describe('outsideText', () => {
  it('shows every class of unshowable character as a \\uXXXX escape, keeps the rest', () => {
    for (const [name, ch] of Object.entries(HOSTILE_CHARS)) {
      const shown = outsideText(`a${ch}b`);
      expect(rawUnsafe(shown), name).toEqual([]);
      expect(shown, name).toBe(`a\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}b`);
    }
    expect(outsideText('é ✓ 😀 \\ "quoted"')).toBe('é ✓ 😀 \\ "quoted"');
  });

  it('caps a field at 512 and a message at 2,048 characters, with the …(N more) marker', () => {
    const field = outsideText('x'.repeat(1000));
    expect(field).toBe(`${'x'.repeat(FIELD_MAX)}…(488 more)`);
    const message = outsideText('y'.repeat(5000), { max: MESSAGE_MAX });
    expect(message).toBe(`${'y'.repeat(MESSAGE_MAX)}…(2952 more)`);
  });

  it('is idempotent on its own output: no escape escaped again, no second cut or marker', () => {
    expect(outsideText('\\u001b and \u001b')).toBe('\\u001b and \\u001b'); // not `\\\\u001b`
    const redact = createRedactor(['s3cr3t-value-1']);
    const inputs = [
      hostileText('idem'),
      hostileText('idem').repeat(40),
      `${'\u001b'.repeat(300)}tail`,
      `client_secret=s3cr3t-value-1&${'\u202e'.repeat(200)}`,
      'plain text',
      'x'.repeat(100_000),
      `${'z'.repeat(600)}…(7 more)`,
    ];
    for (const input of inputs) {
      for (const max of [40, FIELD_MAX, MESSAGE_MAX]) {
        const once = outsideText(input, { redact, max });
        expect(outsideText(once, { redact, max }), `${input.slice(0, 20)} max ${max}`).toBe(once);
        expect(outsideText(once, { max: max * 2 })).toBe(once);
        expect(rawUnsafe(once)).toEqual([]);
        expect(once).not.toContain('s3cr3t-value-1');
      }
    }
  });

  it('a capped field inside a capped message: one marker, the count of everything left out', () => {
    const description = outsideText('d'.repeat(3000)); // 512 + "…(2488 more)"
    const message = outsideText(`${'m'.repeat(2000)}: ${description}`, { max: MESSAGE_MAX });
    expect(message.match(/more\)/g)).toHaveLength(1);
    // 2002 + 512 shown characters before the inner cut, 2048 kept: 466 + 2488 left out.
    expect(message).toBe(`${'m'.repeat(2000)}: ${'d'.repeat(46)}…(2954 more)`);
  });

  it('the forged log line of issue 20 stays one line', () => {
    const jti = 'j\r\n[adumo-oauth] merchant m-9: token from network: FORGED';
    const shown = outsideText(`jti=${jti}`);
    expect(shown.split(/[\r\n\u2028\u2029\u0085]/)).toHaveLength(1);
    expect(shown).toBe(
      'jti=j\\u000d\\u000a[adumo-oauth] merchant m-9: token from network: FORGED',
    );
  });
});
