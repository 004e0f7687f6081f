import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
/** The Node.js lines we support: Active and Maintenance LTS as of late 2026 (Node 20 is EOL). */
const LINES = [22, 24, 26];
const ENGINES = '^22.12.0 || ^24.0.0 || ^26.0.0';

interface Manifest {
  name: string;
  private?: boolean;
  engines?: { node?: string };
  [key: string]: unknown;
}
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const manifest = (dir: string): Manifest => JSON.parse(read(join(dir, 'package.json'))) as Manifest;
const published = readdirSync(join(root, 'packages'))
  .map((name) => join('packages', name))
  .filter((dir) => existsSync(join(root, dir, 'package.json')))
  .filter((dir) => manifest(dir).private !== true);

describe('supported Node.js lines', () => {
  it('every engines field names exactly the supported lines', () => {
    expect(published.length).toBeGreaterThanOrEqual(9);
    expect(manifest('.').engines?.node).toBe(ENGINES);
    for (const dir of published) expect([dir, manifest(dir).engines?.node]).toEqual([dir, ENGINES]);
  });

  it('CI proves each of them', () => {
    const line = /^NODE_LINES=\((.*)\)$/m.exec(read('.ci/run'));
    expect(line?.[1]?.split(' ').map(Number).sort()).toEqual(LINES);
  });

  it("the README's Quick start names them and gives two lines that need only npm", () => {
    const readme = read('README.md');
    const section = readme.slice(
      readme.indexOf('## Quick start'),
      readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1),
    );
    for (const n of LINES) expect(section).toContain(String(n));
    const commands = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]?.trim());
    expect(commands).toHaveLength(2);
    for (const command of commands) {
      expect(command).toMatch(/^npx -y pnpm@10 install && npx -y pnpm@10 \w+$/);
      expect(command).not.toMatch(/corepack/);
    }
  });
});

describe('publishable packages', () => {
  it('has a LICENSE at the root and in every published package', () => {
    expect(read('LICENSE')).toMatch(/^MIT License/);
    for (const dir of published)
      expect([dir, existsSync(join(root, dir, 'LICENSE'))]).toEqual([dir, true]);
  });

  it.each(published)('%s has complete metadata', (dir) => {
    const p = manifest(dir);
    expect(p).toMatchObject({
      license: 'MIT',
      repository: { type: 'git', url: expect.stringMatching(/^git\+https:\/\//), directory: dir },
      homepage: expect.stringContaining(dir),
      bugs: { url: expect.stringMatching(/^https:\/\//) },
      description: expect.stringMatching(/\w/),
      keywords: expect.arrayContaining(['adumo']),
      sideEffects: false,
      files: expect.arrayContaining(['dist']),
      exports: expect.objectContaining({ '.': expect.anything() }),
      publishConfig: { access: 'public' },
    });
  });
});
