import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/**
 * `adumo-mock` ends with whoever started it. A temp project has this package linked in
 * node_modules (as npm would install it, bin included), so `npx` runs it without a download.
 */
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(packageDir, 'bin', 'adumo-mock.mjs');
let project = '';
const children: ChildProcess[] = [];

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'adumo-mock-npx-'));
  mkdirSync(join(project, 'node_modules', '@adumo-oauth'), { recursive: true });
  mkdirSync(join(project, 'node_modules', '.bin'));
  symlinkSync(packageDir, join(project, 'node_modules', '@adumo-oauth', 'mock-server'), 'dir');
  symlinkSync(BIN, join(project, 'node_modules', '.bin', 'adumo-mock'));
  const manifest = {
    name: 'npx-consumer',
    private: true,
    dependencies: { '@adumo-oauth/mock-server': '*' },
  };
  writeFileSync(join(project, 'package.json'), JSON.stringify(manifest));
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** Spawn `command` with all three stdio streams piped; resolve with the port of its --json line. */
function start(command: string, args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(command, args, { cwd: project, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no JSON line within 20 s: ${out}`)), 20_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const line = /^(\{.*\})$/m.exec(out)?.[1];
      if (line === undefined) return;
      clearTimeout(timer);
      resolve({
        child,
        port: Number(new URL((JSON.parse(line) as { baseUrl: string }).baseUrl).port),
      });
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code} before listening: ${out}`));
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Poll until the port stops answering: at most 100 tries, 100 ms apart. */
async function stopsAnswering(port: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (!(await answers(port))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('adumo-mock lifetime', () => {
  it('SIGTERM to `npx adumo-mock` ends the mock too (it notices its parent is gone)', async () => {
    const { child, port } = await start('npx', ['--no', '--', 'adumo-mock', '--json']);
    expect(await answers(port)).toBe(true);
    child.kill('SIGTERM');
    expect(await stopsAnswering(port)).toBe(true);
  }, 40_000);

  it('ends when its stdin pipe closes', async () => {
    const { child, port } = await start(process.execPath, [BIN, '--json']);
    expect(await answers(port)).toBe(true);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.stdin!.end();
    expect(await exited).toBe(0);
    expect(await stopsAnswering(port)).toBe(true);
  }, 40_000);

  it('keeps running while its stdin pipe stays open', async () => {
    const { child, port } = await start(process.execPath, [BIN, '--json']);
    child.stdin!.write('ignored input\n');
    const res = await fetch(`http://127.0.0.1:${port}/__mock/stats`);
    expect(res.status).toBe(200);
    expect(child.exitCode).toBe(null);
    child.kill('SIGTERM');
    expect(await stopsAnswering(port)).toBe(true);
  }, 40_000);
});
