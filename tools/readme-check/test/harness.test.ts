import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkCommands,
  importedPackages,
  parseBlocks,
  parseCommands,
  parseSpans,
  readWorkspace,
  typecheckBlocks,
} from '../src/index';
import { overlaps } from '../src/commands';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const workspace = readWorkspace(join(packageDir, '..', '..'));
const check = (script: string) => checkCommands(parseCommands(script), workspace);

describe('parseBlocks', () => {
  const md = [
    '# T', // 1
    '', // 2
    '```sh', // 3
    'npm install x', // 4
    '```', // 5
    '## Part', // 6
    '<!-- prelude:', // 7
    'declare const db: string;', // 8
    '-->', // 9
    '', // 10
    '```ts', // 11
    'db.length;', // 12
    '```', // 13
    '- item', // 14
    '  ```js', // 15
    '  let a = 1;', // 16
    '  ```', // 17
  ].join('\n');

  it('gives each block its README line, language, section, code and prelude', () => {
    expect(parseBlocks(md, 'R.md')).toEqual([
      { readme: 'R.md', line: 3, lang: 'sh', code: 'npm install x\n', section: '# T' },
      {
        readme: 'R.md',
        line: 11,
        lang: 'ts',
        code: 'db.length;\n',
        prelude: 'declare const db: string;\n',
        section: '## Part',
      },
      { readme: 'R.md', line: 15, lang: 'js', code: 'let a = 1;\n', section: '## Part' },
    ]);
  });

  it('finds inline code spans outside blocks only', () => {
    const spans = parseSpans('Run `npx x` or ``a `b` c``.\n```sh\n`not a span`\n```\n', 'R.md');
    expect(spans.map((s) => [s.line, s.code])).toEqual([
      [1, 'npx x'],
      [1, 'a `b` c'],
    ]);
  });
});

describe('typecheckBlocks', () => {
  const blocks = parseBlocks(
    [
      '```ts', // 1
      "import { TokenManager } from '@adumo-oauth/core';", // 2
      'const tokens = TokenManager.fromEnv();', // 3
      'tokens.getTokne();', // 4
      '```', // 5
      '<!-- prelude:',
      'const db = { find: () => 1 };',
      '-->',
      '```js', // 9
      'db.find();', // 10
      'createAuthorizedFetch(db);', // 11
      '```',
    ].join('\n'),
    'R.md',
  );

  it('reports each error at its README line, in ts and in js (after a prelude)', () => {
    const messages = typecheckBlocks(blocks, join(packageDir, '.blocks')).map(
      (d) => `${d.at} ${d.message.split(':')[0]}`,
    );
    expect(messages).toEqual(['R.md:4:8 TS2551', 'R.md:11:1 TS2304']);
  }, 60_000);
});

describe('checkCommands', () => {
  it('refuses npx of a name we do not own, unless that package was installed in the block', () => {
    expect(check('npx adumo-oauth doctor')).toHaveLength(1);
    expect(check('npx -y adumo-mock')).toHaveLength(1);
    expect(check('npx -p adumo-oauth adumo-oauth doctor')).toHaveLength(1);
    expect(check('npx -p @adumo-oauth/cli adumo-mock')).toHaveLength(1);
    expect(check('npx -p @adumo-oauth/cli adumo-oauth doctor --json')).toEqual([]);
    expect(check('npx --package=@adumo-oauth/mock-server adumo-mock --port 8080')).toEqual([]);
    expect(check('npm install @adumo-oauth/cli\nnpx adumo-oauth doctor')).toEqual([]);
    expect(check('npx pnpm@10 install && npx pnpm@10 demo')).toEqual([]);
    expect(
      check('X=1 npx -p @adumo-oauth/cli adumo-oauth token | npx adumo-oauth decode'),
    ).toHaveLength(1);
    expect(check('curl -H "A: $(npx adumo-oauth token)" http://x')).toHaveLength(1);
  });

  it('refuses npm install of packages the workspace does not use, or at versions it does not test', () => {
    expect(check('npm install expresss')).toHaveLength(1);
    expect(check('npm install @adumo-oauth/nope')).toHaveLength(1);
    expect(check('npm install --save-dev @adumo-oauth/mock-server vitest')).toEqual([]);
    expect(check('npm i @opentelemetry/api@1.10 @opentelemetry/sdk-trace-base@2')).toHaveLength(1);
    expect(check('npm i @opentelemetry/api@1.9 @opentelemetry/sdk-trace-base@2')).toEqual([]);
    // express 4 is tested through an alias (express4: npm:express@~4.17.3).
    expect(check('npm i -D @types/express@4 && npm i express@4')).toEqual([]);
    expect(check('npm i express@3')).toHaveLength(1);
  });

  it('refuses unknown programs and scripts that do not exist', () => {
    expect(check('pnpm demo')).toEqual([]);
    expect(check('pnpm nope')).toHaveLength(1);
    expect(check('pnpm --filter @adumo-oauth/demo build')).toEqual([]);
    expect(check('pnpm --filter @adumo-oauth/demo nope')).toHaveLength(1);
    expect(check('rm -rf /')).toHaveLength(1);
    expect(check('# a comment\nexport A=b  # another')).toEqual([]);
  });
});

describe('overlaps', () => {
  it('compares a spec with the workspace range by major (and fixed minor)', () => {
    expect(overlaps('2', '^2.12.1')).toBe(true);
    expect(overlaps('3', '^2.12.1')).toBe(false);
    expect(overlaps('1.9', '~1.9.1')).toBe(true);
    expect(overlaps('1.10', '~1.9.1')).toBe(false);
    expect(overlaps('^11', '^4.17.0 || ^11.0.0')).toBe(true);
    expect(overlaps('latest', '^1.0.0')).toBe(true);
  });
});

describe('importedPackages', () => {
  it('names the packages of bare imports and requires, not built-ins or relative files', () => {
    const code = [
      "import 'reflect-metadata';",
      "import type { AddressInfo } from 'node:net';",
      "import { x } from '@nestjs/common/decorators';",
      "const y = require('express');",
      "import fs from 'fs';",
      "import z from './z.js';",
      "const w = await import('ioredis');",
    ].join('\n');
    expect(importedPackages(code).sort()).toEqual([
      '@nestjs/common',
      'express',
      'ioredis',
      'reflect-metadata',
    ]);
  });
});
