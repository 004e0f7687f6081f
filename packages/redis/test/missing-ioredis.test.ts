import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The BUILT package installed in a temp project that has the core but NOT ioredis (copied dist +
 * package.json, the core linked in): Node's own resolver fails to find ioredis, and the store
 * must turn that into a MissingPeerDependencyError that says what to install.
 */
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
let project = '';

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'adumo-redis-no-ioredis-'));
  const scope = join(project, 'node_modules', '@adumo-oauth');
  mkdirSync(join(scope, 'redis'), { recursive: true });
  cpSync(join(packageDir, 'dist'), join(scope, 'redis', 'dist'), { recursive: true });
  cpSync(join(packageDir, 'package.json'), join(scope, 'redis', 'package.json'));
  symlinkSync(join(packageDir, '..', 'core'), join(scope, 'core'), 'dir');
  const body = `
    const { RedisTokenStore, MissingPeerDependencyError } = mod;
    RedisTokenStore.fromUrl('redis://127.0.0.1:1').then(
      () => console.log('resolved'),
      (e) => console.log(JSON.stringify({ name: e.name, code: e.code, peer: e.peer, install: e.install,
        message: e.message, typed: e instanceof MissingPeerDependencyError, cause: e.cause?.code })),
    );`;
  writeFileSync(join(project, 'esm.mjs'), `import * as mod from '@adumo-oauth/redis';\n${body}`);
  writeFileSync(join(project, 'cjs.cjs'), `const mod = require('@adumo-oauth/redis');\n${body}`);
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

function run(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(project, file)],
      { cwd: project, timeout: 15_000 },
      (e, out, err) => (e === null ? resolve(out) : reject(new Error(`${e.message}\n${err}`))),
    );
  });
}

describe('without ioredis installed', () => {
  it.each(['esm.mjs', 'cjs.cjs'])(
    '%s: fromUrl() rejects with a typed error naming the install',
    async (file) => {
      const outcome = JSON.parse(await run(file)) as Record<string, unknown>;
      expect(outcome).toMatchObject({
        name: 'MissingPeerDependencyError',
        code: 'config',
        peer: 'ioredis',
        install: 'npm install ioredis',
        typed: true,
      });
      expect(outcome['cause']).toMatch(/^(ERR_)?MODULE_NOT_FOUND$/);
      expect(outcome['message']).toContain('npm install ioredis');
      expect(outcome['message']).toContain('RedisTokenStore.fromUrl()');
    },
    20_000,
  );
});
