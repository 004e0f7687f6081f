/**
 * Issue 12, attack 7: `close()` ends everything (in-flight requests, timers, later calls), and a
 * background refresh nobody waits for has its own deadline, so neither keeps a process alive.
 */
import { spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AdumoOAuthError, isAdumoOAuthError, TokenManager } from '../../src';
import { CANARY, CLIENT_ID } from './forms';
import { opaqueToken, startHostile, tokenAnswer, type Hostile } from './hostile-server';

const servers: Hostile[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server that never answers token requests after the first `good` ones. */
async function hung(good = 0): Promise<Hostile> {
  const server = await startHostile((r, res) => {
    if (r.n <= good) tokenAnswer(res, opaqueToken().value, 3600);
    // otherwise: never answer
  });
  servers.push(server);
  return server;
}

const settle = <T>(p: Promise<T>): Promise<T | Error> => p.catch((e: unknown) => e as Error);

describe('adversarial: close() ends everything (in process)', () => {
  it('a token request in flight to a hung endpoint is aborted (the server sees the socket close) and its caller gets a ClosedError', async () => {
    const server = await hung();
    const tokens = new TokenManager({
      tokenUrl: server.tokenUrl,
      clientId: CLIENT_ID,
      clientSecret: CANARY,
      timeoutMs: 600_000,
      deadlineMs: 600_000,
    });
    const pending = settle(tokens.getToken());
    await server.waitForRequests(1);
    await tokens.close();
    const error = await pending;
    expect(isAdumoOAuthError(error, 'closed')).toBe(true);
    expect((error as AdumoOAuthError).code).toBe('closed');
    await server.waitForSocketsClosed(1); // bounded by the test timeout
    expect(server.socketsClosed).toBeGreaterThanOrEqual(1);
  });

  it('every later getToken() (also forced) rejects with a ClosedError and makes no request', async () => {
    const server = await hung(1);
    const tokens = new TokenManager({
      tokenUrl: server.tokenUrl,
      clientId: CLIENT_ID,
      clientSecret: CANARY,
    });
    await tokens.getToken();
    await tokens.close();
    await tokens.close(); // idempotent
    for (const options of [{}, { forceRefresh: true }]) {
      const error = await settle(tokens.getToken(options));
      expect(isAdumoOAuthError(error, 'closed')).toBe(true);
      expect((error as AdumoOAuthError).code).toBe('closed');
    }
    expect(server.requests).toBe(1);
  });

  it('close() clears the keep-warm timer: a 2 s token is not refreshed after close()', async () => {
    const server = await startHostile((_r, res) => tokenAnswer(res, opaqueToken().value, 2));
    servers.push(server);
    const tokens = new TokenManager({
      tokenUrl: server.tokenUrl,
      clientId: CLIENT_ID,
      clientSecret: CANARY,
      keepWarm: true,
    });
    await tokens.getToken();
    await tokens.close();
    // The keep-warm refresh of a 2 s token is due at 1.5 s; wait past it (a count, not a duration, is asserted).
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(server.requests).toBe(1);
  }, 10_000);
});

// --- child processes: the source, compiled to CommonJS once (no build needed) ---

let coreDir = '';
let workDir = '';
const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function compileCore(target: string): void {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory()
        ? walk(path)
        : path.endsWith('.ts') && !path.endsWith('.test.ts')
          ? [path]
          : [];
    });
  for (const file of walk(SRC)) {
    const out = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    }).outputText;
    const dest = join(target, relative(SRC, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, out);
  }
  writeFileSync(join(target, 'package.json'), '{"type":"commonjs"}');
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'adumo-adv-close-'));
  coreDir = join(workDir, 'core');
  compileCore(coreDir);
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Run `script` (CommonJS, `core` is the compiled package); `onStdout` may write to its stdin. */
function runChild(
  script: string,
  env: Record<string, string>,
  limitMs: number,
  onLine?: (line: string, write: (s: string) => void) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const file = join(workDir, `child-${Math.random().toString(36).slice(2)}.cjs`);
  writeFileSync(
    file,
    `const core = require(${JSON.stringify(join(coreDir, 'index.js'))});\n${script}`,
  );
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let buffered = '';
    const killer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        onLine?.(line, (s) => child.stdin.write(s));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('adversarial: close() and the background deadline end the process (child processes)', () => {
  it('a process whose manager waits on a hung endpoint exits by itself after close()', async () => {
    const server = await hung();
    const script = `
      const tokens = new core.TokenManager({
        tokenUrl: process.env.TOKEN_URL, clientId: 'adv-7', clientSecret: 'x-secret-x',
        retry: { maxAttempts: 1 }, timeoutMs: 600000, deadlineMs: 600000,
      });
      tokens.getToken().then(() => console.log('resolved'), (e) => console.log('rejected ' + e.code));
      console.log('started');
      process.stdin.once('data', () => {
        process.stdin.destroy();
        tokens.close().then(() => console.log('closed'));
      });`;
    const result = await runChild(script, { TOKEN_URL: server.tokenUrl }, 30_000, (line, write) => {
      if (line === 'started') void server.waitForRequests(1).then(() => write('close\n'));
    });
    expect(result.signal).toBeNull(); // not killed: it exited by itself
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('rejected closed');
    expect(result.stdout).toContain('closed\n');
    expect(server.requests).toBe(1);
  }, 40_000);

  it('a finished process with a background refresh hung on the endpoint exits by itself (backgroundTimeoutMs)', async () => {
    const server = await hung(1);
    const script = `
      const tokens = new core.TokenManager({
        tokenUrl: process.env.TOKEN_URL, clientId: 'adv-7', clientSecret: 'x-secret-x',
        refreshWindow: { ratio: 1, maxMs: Number.MAX_SAFE_INTEGER }, // every call is in the refresh window
        timeoutMs: 600000, deadlineMs: 600000,
      });
      (async () => {
        await tokens.getToken();
        await tokens.getToken(); // cached, starts a background refresh that hangs
        console.log('done');
      })();`;
    const result = await runChild(script, { TOKEN_URL: server.tokenUrl }, 30_000);
    expect(result.stdout).toBe('done\n');
    expect(server.requests).toBe(2); // the background refresh did reach the hung endpoint
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
  }, 40_000);
});
