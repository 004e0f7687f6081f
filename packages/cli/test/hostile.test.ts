import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoLeak, BIN, envFor, runBin, stepLine, type BinResult } from './helpers';
import {
  hostileJwt,
  startHostile,
  UNSAFE,
  unsafeCounts,
  type HostileMode,
  type HostileServer,
} from './hostile';

// Hostile token endpoints, APIs and TLS hosts on 127.0.0.1 put terminal escapes, C1 controls,
// CR/LF, separators, bidi and zero-width characters and lone surrogates in every field the CLI
// shows. Nothing of it may reach stdout or stderr raw, in text or --json mode, on a pipe or a
// terminal; output stays small; the secret never shows.

const ID = 'hostile-client';
const SECRET = 'hostile/Secret+value=ü&x';
/** Escaped forms the output must show instead (the text round-trips through --json). */
const ESCAPED = ['\\u001b[2J', '\\u001b]52;c;', '\\u0007', '\\u009b', '\\u202e', '\\u2028'];
let http: HostileServer;
let https: HostileServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adumo-cli-hostile-'));
  // A self-signed certificate whose subject (and so issuer) names are hostile (64 characters at
  // most each).
  const cn =
    'h\u001b[2J\u001b]52;c;aGFja2Vk\u0007\u009b31m\u0085\r\nX\u2028\u2029\u202e\u2066\u200b\ufeff';
  const org = '\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007\u009d\u202d\u200f';
  const name = (value: string): string => value.replace(/[\\/+,=]/g, (c) => `\\${c}`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-utf8',
    '-subj', `/CN=${name(cn)}/O=${name(org)}/OU=${name(cn)}`, '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' }); // prettier-ignore
  http = await startHostile();
  https = await startHostile({
    key: readFileSync(join(dir, 'key.pem')),
    cert: readFileSync(join(dir, 'cert.pem')),
  });
});
afterAll(async () => {
  await Promise.all([http.close(), https.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** The first unsafe character of a text, shown as an escape, or `clean`. */
function firstUnsafe(text: string): string {
  const found = UNSAFE.exec(text.replace(/\n/g, ''));
  return found === null ? 'clean' : `\\u${found[0].charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** No raw dangerous character, at most 8 KiB, no secret in any encoding, no whole JWT. */
function assertSafe(label: string, result: BinResult): void {
  expect([label, firstUnsafe(result.stdout), firstUnsafe(result.stderr)]).toEqual([
    label,
    'clean',
    'clean',
  ]);
  expect(unsafeCounts(result.stdout + result.stderr).all).toBe(0);
  expect(Buffer.byteLength(result.stdout + result.stderr)).toBeLessThan(8 * 1024);
  assertNoLeak(result, [SECRET]);
}

interface Report {
  exitCode: number;
  steps: { id: string; status: string; detail: string; fix?: string }[];
}

/** Mode, flags, exit code, the step that shows the hostile text, and what it shows of it. */
const DOCTOR_CASES: [HostileMode, string[], number, string, string][] = [
  ['refuse', [], 13, 'token', 'h\\u001b[2J'],
  ['huge', [], 13, 'token', '…('],
  ['token', ['--call', '/products/ping'], 19, 'call', 'h\\u001b[2J'],
  ['token-type', [], 14, 'token_type', 'h\\u001b[2J'],
  ['html', [], 13, 'token', 'charset=\\u009b\\u0085'],
  ['opaque', ['--call', '/products/ping'], 16, 'call', '[REDACTED]h\\u001b[2J'],
];

describe('a hostile token endpoint and API', () => {
  it('doctor prints nothing raw, in text and --json; --json round-trips the escaped text', async () => {
    for (const [mode, args, code, step, shown] of DOCTOR_CASES) {
      http.mode = mode;
      const text = await runBin(['doctor', ...args], envFor(http.baseUrl, ID, SECRET));
      assertSafe(`doctor ${mode}`, text);
      expect([mode, text.code]).toEqual([mode, code]);
      const json = await runBin(['doctor', '--json', ...args], envFor(http.baseUrl, ID, SECRET));
      assertSafe(`doctor --json ${mode}`, json);
      const report = JSON.parse(json.stdout) as Report;
      expect([mode, json.code, report.exitCode]).toEqual([mode, code, code]);
      const detail = report.steps.find((s) => s.id === step)!.detail;
      expect(firstUnsafe(detail)).toBe('clean');
      // The hostile text is shown, escaped (whole in `error`; its start where a field is cut at 40).
      expect([mode, detail]).toEqual([mode, expect.stringContaining(shown)]);
      if (mode === 'refuse') for (const escaped of ESCAPED) expect(detail).toContain(escaped);
      // The same escaped text in both modes (times aside).
      const name = text.stdout.split('\n').find((l) => l.includes(detail.slice(0, 60)));
      expect([mode, name === undefined]).toEqual([mode, false]);
    }
  }, 120_000);

  it('a 900 KiB error_description: a few KiB printed, capped with …(N more), the secret nowhere', async () => {
    http.mode = 'huge';
    for (const command of [['doctor'], ['doctor', '--json'], ['token'], ['token', '--json']]) {
      const result = await runBin(command, envFor(http.baseUrl, ID, SECRET));
      assertSafe(command.join(' '), result);
      expect(result.stdout + result.stderr).toMatch(/…\(\d{6} more\)/);
    }
  }, 60_000);

  it('doctor --call: the API echoing the token in `error` is redacted before the cut (no prefix shown)', async () => {
    http.mode = 'opaque';
    const result = await runBin(
      ['doctor', '--call', '/products/ping'],
      envFor(http.baseUrl, ID, SECRET),
    );
    const token = http.opaqueToken!;
    expect(token).toHaveLength(64);
    assertSafe('doctor opaque', result);
    const line = stepLine(result.stdout, 'API call');
    expect(line).toMatch(/→ 403 \[REDACTED\]h\\u001b\[2J.*…\(\d+ more\) in \d+ ms$/);
    for (let i = 0; i + 8 <= token.length; i++)
      expect(result.stdout + result.stderr).not.toContain(token.slice(i, i + 8));
  }, 30_000);

  it('token prints nothing raw: jti, scope, client_id, a refused token_type, errors; text = --json', async () => {
    for (const [mode, code] of [
      ['refuse', 13],
      ['token', 0],
      ['token-type', 13],
      ['html', 13],
    ] as const) {
      http.mode = mode;
      const text = await runBin(['token'], envFor(http.baseUrl, ID, SECRET));
      assertSafe(`token ${mode}`, text);
      expect([mode, text.code]).toEqual([mode, code]);
      const json = await runBin(['token', '--json'], envFor(http.baseUrl, ID, SECRET));
      assertSafe(`token --json ${mode}`, json);
      if (code !== 0) {
        const shown = mode === 'html' ? ['\\u009b'] : mode === 'refuse' ? ESCAPED : ['h\\u001b[2J'];
        for (const escaped of shown)
          expect([mode, text.stderr]).toEqual([mode, expect.stringContaining(escaped)]);
        continue;
      }
      const summary = JSON.parse(json.stdout) as Record<string, unknown>;
      const rows = Object.fromEntries(
        text.stdout
          .trim()
          .split('\n')
          .map((l) => [l.slice(0, 12).trim(), l.slice(13)]),
      );
      for (const escaped of ESCAPED) expect(summary['jti']).toContain(escaped);
      expect(rows['jti']).toBe(summary['jti']);
      expect(rows['client_id']).toBe(summary['clientId']);
      expect(rows['scope']).toBe((summary['scope'] as string[]).join(' '));
      expect(String(summary['clientId'])).toContain('\\u202e');
    }
  }, 120_000);

  it('decode prints every header field and claim (keys too) escaped, as valid JSON', async () => {
    const result = await runBin(['decode'], {}, hostileJwt());
    assertSafe('decode', result);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as {
      header: Record<string, unknown>;
      claims: Record<string, unknown>;
    };
    for (const escaped of ESCAPED) {
      expect(out.header['kid']).toContain(escaped);
      expect(out.claims['client_id']).toContain(escaped);
    }
    const key = Object.keys(out.claims).find((k) => k.startsWith('h\\u001b'));
    expect(key).toBeDefined();
    expect(out.claims[key!]).toEqual({ nested: [out.claims['client_id']] });
  }, 30_000);
});

describe('a TLS host with a hostile certificate', () => {
  it('doctor shows its names escaped: untrusted (exit 12) and trusted, text and --json', async () => {
    https.mode = 'token';
    const untrusted = await runBin(['doctor'], envFor(https.baseUrl, ID, SECRET));
    assertSafe('doctor untrusted', untrusted);
    expect(untrusted.code).toBe(12);
    const line = stepLine(untrusted.stdout, 'TLS handshake');
    expect(line).toMatch(/^✖ .*certificate h\\u001b\[2J\\u001b\]52;c;.*: not trusted/);
    const env = {
      ...envFor(https.baseUrl, ID, SECRET),
      NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'),
    };
    const trusted = await runBin(['doctor'], env);
    assertSafe('doctor trusted', trusted);
    expect(stepLine(trusted.stdout, 'TLS handshake')).toMatch(/^✔ .*certificate h\\u001b\[2J/);
    const json = await runBin(['doctor', '--json'], env);
    assertSafe('doctor --json trusted', json);
    const tls = (JSON.parse(json.stdout) as Report).steps.find((s) => s.id === 'tls')!;
    expect(tls.status).toBe('ok');
    for (const escaped of ['\\u001b[2J', '\\u0007', '\\u009b', '\\u202e', '\\u2028', '\\u000d'])
      expect(tls.detail).toContain(escaped);
  }, 60_000);
});

/** Run the bin with stdout and stderr on a pseudo-terminal (util-linux `script`), at most 20 s. */
function onTty(args: string[], env: Record<string, string>): Promise<string> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: { PATH: process.env['PATH'], ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no end: ${out}`));
    }, 20_000);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

describe('on a terminal', () => {
  it('doctor and token write no escape sequence of the server’s to the terminal', async () => {
    const env = envFor(http.baseUrl, ID, SECRET);
    for (const [mode, args] of [
      ['token', ['doctor', '--call', '/products/ping']],
      ['refuse', ['doctor']],
      ['token', ['token']],
      ['refuse', ['token']],
      ['huge', ['doctor', '--json']],
    ] as const) {
      http.mode = mode;
      const raw = await onTty([...args], env);
      // The terminal's own CRLF, and our spinner (frames, then erase the line) if a step was slow.
      const out = raw
        .replace(/\r\n/g, '\n')
        .replaceAll('\r\u001b[2K', '')
        .replace(/\r[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] [^\r\n]*…/g, '');
      expect([mode, args.join(' '), firstUnsafe(out)]).toEqual([mode, args.join(' '), 'clean']);
      if (mode !== 'huge') expect(out).toContain('h\\u001b[2J');
      expect(Buffer.byteLength(out)).toBeLessThan(8 * 1024);
      assertNoLeak({ code: 0, stdout: out, stderr: '' }, [SECRET]);
    }
  }, 120_000);
});
