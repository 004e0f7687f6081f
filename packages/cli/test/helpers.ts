import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built bin, as npm links it. */
export const BIN = fileURLToPath(new URL('../bin/adumo-oauth.mjs', import.meta.url));

/** What one run of the bin left behind. */
export interface BinResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run the built bin to its end (at most 20 s) with exactly `env` (plus PATH), optional stdin text,
 * stdout and stderr piped (so never a TTY).
 */
export function runBin(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  stdin?: string,
): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env['PATH'], ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`adumo-oauth ${args.join(' ')} did not end: ${stdout}${stderr}`));
    }, 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin ?? '');
  });
}

/** ADUMO_* variables for a mock and a client. */
export function envFor(baseUrl: string, clientId: string, clientSecret: string) {
  return { ADUMO_BASE_URL: baseUrl, ADUMO_CLIENT_ID: clientId, ADUMO_CLIENT_SECRET: clientSecret };
}

/** A JWT anywhere in a text (three base64url parts): a whole token that must never be printed. */
export const WHOLE_JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;

/** Every encoding of `secret` a leak could take. */
export function encodings(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
  ];
}

/** Throws when any output holds the secret (in any encoding) or a whole JWT. */
export function assertNoLeak(result: BinResult, secrets: readonly string[]): void {
  const text = `${result.stdout}\n${result.stderr}`;
  for (const secret of secrets)
    for (const form of encodings(secret))
      if (text.includes(form)) throw new Error(`output leaks a secret (${form.length} chars)`);
  if (WHOLE_JWT.test(text)) throw new Error('output holds a whole JWT');
}

/** The lines of a text report, by check name. */
export function stepLine(stdout: string, name: string): string {
  const line = stdout.split('\n').find((l) => l.slice(2).startsWith(name));
  if (line === undefined) throw new Error(`no line for ${name} in:\n${stdout}`);
  return line;
}
