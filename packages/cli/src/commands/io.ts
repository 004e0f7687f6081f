import type { ConnectionInput } from '../config';

/** Where a command writes, and what it reads (injectable for one process per test). */
export interface CommandIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A usage error: exit code 2 with the message and a hint to `--help`. */
export class UsageError extends Error {}

/** Flags every command that talks to Adumo takes (parseArgs option config). */
export const CONNECTION_FLAGS = {
  'base-url': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'client-secret-stdin': { type: 'boolean', default: false },
  timeout: { type: 'string' },
} as const;

/** Read stdin to its end (at most 64 KiB). */
export async function readStdin(stdin: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > 64 * 1024) throw new UsageError('stdin holds more than 64 KiB');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A whole number from a flag, or `undefined` when it was not given. */
export function numberFlag(
  name: string,
  value: string | undefined,
  min: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be a whole number >= ${min}`);
  return n;
}

/** Connection settings from the flags (the secret from stdin with --client-secret-stdin). */
export async function connectionInput(
  values: {
    'base-url'?: string | undefined;
    'client-id'?: string | undefined;
    'client-secret'?: string | undefined;
    'client-secret-stdin'?: boolean | undefined;
    timeout?: string | undefined;
  },
  io: CommandIo,
): Promise<ConnectionInput> {
  let secret = values['client-secret'];
  if (secret !== undefined) {
    io.stderr.write(
      'warning: --client-secret is kept in your shell history and visible in the process list; prefer ADUMO_CLIENT_SECRET or --client-secret-stdin\n',
    );
  }
  if (values['client-secret-stdin'] === true) {
    if (secret !== undefined)
      throw new UsageError('use --client-secret or --client-secret-stdin, not both');
    if (io.stdin.isTTY)
      throw new UsageError(
        '--client-secret-stdin: pipe the secret in, e.g. from your secret manager',
      );
    secret = (await readStdin(io.stdin)).split(/\r?\n/)[0] ?? '';
  }
  return {
    baseUrl: values['base-url'],
    clientId: values['client-id'],
    clientSecret: secret,
    timeoutMs: numberFlag('timeout', values.timeout, 1),
  };
}
