import { describe, expect, it } from 'vitest';
import { outsideText, safeJson } from '../src/adapter';
import { createRedactor } from '../src/redact';
import { findEncoded, encodedSecret } from '../src/redact-encoded';
import { FIELD_MAX, MESSAGE_MAX } from '../src/outside-text';
import { HOSTILE_CHARS, hostileText, rawUnsafe } from './adversarial/forms';

const SECRET = 'Sx9!e/cr+et=&%';
const redact = createRedactor([SECRET], [['client-1', SECRET]]);
const RAW =
  // eslint-disable-next-line no-control-regex -- the characters that must never be shown raw
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const CLASSES: Record<string, string> = {
  esc: '\u001b[2J',
  osc52: '\u001b]52;c;Zm9yZ2Vk\u0007',
  osc8: '\u001b]8;;https://evil.test\u0007click\u001b]8;;\u0007',
  bel: '\u0007',
  nul: '\u0000',
  crlf: 'a\r\nb',
  tab: '\t',
  del: '\u007f',
  c1: '\u0085\u009b\u009d',
  separators: '\u2028\u2029',
  bidi: '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c',
  zeroWidth: '\u200b\u200c\u200d\u2060\ufeff\u00ad',
  loneHigh: 'x\ud800y',
  loneLow: 'x\udc00y',
};

describe('outsideText: the one owner for outside text', () => {
  it.each(Object.entries(CLASSES))('shows %s as visible escapes, never raw', (_name, text) => {
    const shown = outsideText(`before ${text} after`);
    expect(shown).not.toMatch(RAW);
    expect(shown).toMatch(/\\u[0-9a-f]{4}|^before .* after$/);
    expect(shown.startsWith('before ')).toBe(true);
  });

  it('keeps ordinary text, accents and emoji as they are', () => {
    expect(outsideText('Bad client credentials — é ñ 😀 中文')).toBe(
      'Bad client credentials — é ñ 😀 中文',
    );
  });

  it('redacts before it cuts, then caps with a visible marker', () => {
    const text = `${'a'.repeat(500)}${SECRET}${'b'.repeat(1000)}`;
    const shown = outsideText(text, { redact, max: 512 });
    expect(shown).not.toContain(SECRET.slice(0, 6));
    expect(shown).toMatch(/^a{500}\[REDACTED\]b{2}…\(\d+ more\)$/);
    expect(shown.length).toBeLessThanOrEqual(512 + '…(99999 more)'.length);
  });

  it('never ends on half an escape or half a surrogate pair', () => {
    for (let pad = 0; pad < 8; pad++) {
      const shown = outsideText(`${'a'.repeat(pad + 500)}\u001b\u001b😀😀${'z'.repeat(50)}`, {
        max: 506,
      });
      expect(shown).not.toMatch(RAW);
      expect(shown).not.toMatch(/\\u[0-9a-f]{0,3}…/);
    }
  });

  it('a secret straddling the first (margin) cut never shows, however much redaction shortened the text before it', () => {
    // Many encoded copies (each much longer than [REDACTED]) shift what follows to the left.
    const encoded = [...SECRET].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join('');
    for (const copies of [0, 5, 20, 60]) {
      for (const at of [512 + 8192 - 3, 512 + 8192 - 7, 512 + 8192 - 1]) {
        let text = encoded.repeat(copies);
        text += 'x'.repeat(Math.max(0, at - text.length));
        text = text.slice(0, at) + SECRET + 'y'.repeat(100_000);
        const shown = outsideText(text, { redact, max: 512 });
        for (let n = 5; n <= SECRET.length; n++)
          expect(shown.includes(SECRET.slice(0, n)), `${copies} copies, at ${at}`).toBe(false);
      }
    }
  });

  it('a 900 KiB text is bounded', () => {
    const shown = outsideText(`${'d'.repeat(900 * 1024)}\u001b`, { redact, max: 2048 });
    expect(shown.length).toBeLessThan(2100);
    expect(shown).toMatch(/…\(\d+ more\)$/);
  });

  it('shows a non-string as its type, without calling its toString', () => {
    const hostile = {
      toString() {
        throw new Error('called');
      },
    };
    expect(outsideText(hostile)).toBe('object');
    expect(outsideText(42)).toBe('number');
    expect(outsideText(null)).toBe('null');
  });

  it('safeJson escapes C1, DEL, format and separator characters and stays valid JSON', () => {
    const value = { all: Object.values(CLASSES).join('|') };
    const json = safeJson(value);
    expect(json).not.toMatch(RAW);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('findEncoded: one secret, every encoding, one pass', () => {
  const secret = encodedSecret('pä ss/+');
  const forms = [
    'pä ss/+',
    'p%C3%A4+ss%2F%2B',
    'p%25c3%25a4%2Bss%2f%2b',
    'p&auml;&#32;ss&sol;&plus;',
    'p&amp;#xe4;&#x20;ss&#47;&#43;',
    'p\\u00e4\\u0020ss\\/+',
    'p\\\\u00E4 ss\\u002f\\x2b',
    'p\\u{e4} ss/+',
    'pÃ¤ ss/+',
    'p? ss/+',
    'p?? ss/+',
  ];
  it.each(forms)('finds %s', (form) => {
    const text = `before ${form} after`;
    const spans = findEncoded(text, secret);
    expect(spans).toHaveLength(1);
    expect(text.slice(spans[0]![0], spans[0]![1])).toBe(form);
  });

  it('finds an astral character written as two \\u escapes', () => {
    const spans = findEncoded('x\\ud83d\\ude00y', encodedSecret('x😀y'));
    expect(spans).toEqual([[0, 14]]);
  });

  it('stays fast on a text built to make the lossy forms backtrack', () => {
    const lossy = encodedSecret('é'.repeat(30) + 'Z');
    const text = '?'.repeat(20_000);
    const started = process.hrtime.bigint();
    expect(findEncoded(text, lossy)).toEqual([]);
    // A count, not a clock: memoised failures keep the work linear (this would take hours).
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(20);
  });

  it('finds nothing in a text without the secret, and every occurrence otherwise', () => {
    expect(findEncoded('p ss/+ pä ss', secret)).toEqual([]);
    expect(findEncoded('pä ss/+|pä ss/+', secret)).toEqual([
      [0, 7],
      [8, 15],
    ]);
  });
});

describe('outsideText: escapes, caps and its own output (issue 20 corpus)', () => {
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
    const ownRedact = createRedactor(['s3cr3t-value-1']);
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
        const once = outsideText(input, { redact: ownRedact, max });
        expect(
          outsideText(once, { redact: ownRedact, max }),
          `${input.slice(0, 20)} max ${max}`,
        ).toBe(once);
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
    expect(shown).toBe('jti=j\\u000d\\u000a[adumo-oauth] merchant m-9: token from network: FORGED');
  });
});
