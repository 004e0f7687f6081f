import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkCommands,
  findReadmes,
  importedPackages,
  installedBy,
  typesPackageOf,
  kindOf,
  parseCommands,
  parseSpans,
  repoBlocks,
  scriptOf,
  specName,
  typecheckBlocks,
  where,
  readWorkspace,
} from '../src/index';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const root = join(packageDir, '..', '..');
const readmes = findReadmes(root);
const blocks = repoBlocks(root);
const workspace = readWorkspace(root);
const ofKind = (kind: string) => blocks.filter((b) => kindOf(b) === kind);

describe('every README code block', () => {
  it('is found: the root README and those of packages/*, apps/*, tools/*', () => {
    expect(readmes).toContain('README.md');
    expect(readmes).toContain('packages/core/README.md');
    expect(readmes).toContain('tools/consumers/README.md');
    const byLang = new Map<string, number>();
    for (const b of blocks)
      byLang.set(b.lang || '(none)', (byLang.get(b.lang || '(none)') ?? 0) + 1);
    const counts = [...byLang].map(([lang, n]) => `${lang} ${n}`).join(', ');
    console.log(`readme-check: ${blocks.length} blocks in ${readmes.length} READMEs (${counts})`);
    expect(blocks.length).toBeGreaterThan(50);
  });

  it('is code that is compiled, commands that are checked, or data', () => {
    const unknown = blocks
      .filter((b) => kindOf(b) === undefined)
      .map(
        (b) =>
          `${where(b)}: \`\`\`${b.lang || ' with no language'} is neither code (ts, js), commands (sh) nor data (json, text)`,
      );
    expect(unknown).toEqual([]);
  });

  it('ts blocks type-check (strict, nodenext) and js blocks pass checkJs, against the built packages', () => {
    const diagnostics = typecheckBlocks(ofKind('code'), join(packageDir, '.blocks'));
    expect(diagnostics.map((d) => `${d.at}: ${d.message}`)).toEqual([]);
  }, 180_000);

  it('json blocks parse', () => {
    const broken = blocks
      .filter((b) => b.lang === 'json')
      .flatMap((b) => {
        try {
          JSON.parse(b.code);
          return [];
        } catch (error) {
          return [`${where(b)}: ${(error as Error).message}`];
        }
      });
    expect(broken).toEqual([]);
  });
});

describe('every command a README gives works verbatim', () => {
  it('in sh blocks: known programs, npx of our packages or well-known tools, real packages, real scripts', () => {
    const problems = ofKind('commands').flatMap((b) =>
      checkCommands(parseCommands(scriptOf(b)), workspace).map((p) => `${where(b)}: ${p}`),
    );
    expect(problems).toEqual([]);
  });

  it('in the prose: every `npx …`, `npm install …` and `pnpm …` span', () => {
    const problems = readmes.flatMap((readme) =>
      parseSpans(readFileSync(join(root, readme), 'utf8'), readme)
        .filter(
          (s) => /(^|[\s|&;(])npx\s/.test(s.code) || /^(npm (i|install|add)|pnpm)\s/.test(s.code),
        )
        .flatMap((s) =>
          checkCommands(parseCommands(s.code), workspace, { inline: true }).map(
            (p) => `${s.readme}:${s.line}: ${p}`,
          ),
        ),
    );
    expect(problems).toEqual([]);
  });

  it('install lines name every package the README’s code imports', () => {
    const problems = readmes.flatMap((readme) => {
      const own = blocks.filter((b) => b.readme === readme);
      const installed = new Set(
        own
          .filter((b) => kindOf(b) === 'commands')
          .flatMap((b) => parseCommands(scriptOf(b)))
          .flatMap((c) => installedBy(c) ?? [])
          .map(specName),
      );
      return own
        .filter((b) => kindOf(b) === 'code')
        .flatMap((b) =>
          importedPackages((b.prelude ?? '') + b.code).flatMap((name) => {
            if (workspace.published.has(name)) return [];
            if (!installed.has(name)) {
              return [`${where(b)}: imports ${name}, which no install line of ${readme} names`];
            }
            // TypeScript needs the types of a package that has none of its own.
            const types = /^(ts|typescript)$/.test(b.lang)
              ? typesPackageOf(name, packageDir)
              : undefined;
            return types === undefined || installed.has(types)
              ? []
              : [
                  `${where(b)}: imports ${name}, whose types (${types}) no install line of ${readme} names`,
                ];
          }),
        );
    });
    expect(problems).toEqual([]);
  });
});
