import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TokenEndpointError } from '@adumo-oauth/core';
import {
  ADUMO_OAUTH_ERROR_CODES,
  OriginNotAllowedError,
  tokenProblem,
} from '@adumo-oauth/core/adapter';
import { CARD_PAYMENT_AUTHORITIES, DOCTOR_STEPS } from '@adumo-oauth/cli';
import { getAdumo } from '@adumo-oauth/express';
import { MissingPeerDependencyError, RedisTokenStoreError } from '@adumo-oauth/redis';
import { findReadmes } from '../src/index';

// What the READMEs say about error codes (and the HTTP statuses they map to), against the code.
const root = join(fileURLToPath(new URL('..', import.meta.url)), '..', '..');

/** The error a README names → the `code` the real class sets. */
function realCodes(): Map<string, string> {
  let middlewareMissing: unknown;
  try {
    getAdumo({});
  } catch (error) {
    middlewareMissing = error;
  }
  const errors = [
    new TokenEndpointError('x', { status: 401, retryable: false }),
    new OriginNotAllowedError('https://elsewhere.example', []),
    new RedisTokenStoreError('timeout', 'get', 'x'),
    new MissingPeerDependencyError('ioredis', 'fromUrl'),
    middlewareMissing as { name: string; code: string },
  ];
  const codes = new Map(errors.map((e) => [e.name, e.code]));
  // `AdumoOAuthError` itself takes every code of the core (a README row names the one it means).
  codes.set('AdumoOAuthError', ADUMO_OAUTH_ERROR_CODES.join('|'));
  return codes;
}

/** What the code says for `name` → `said`: the one code its class sets, or `said` if it may have it. */
function real(codeOf: Map<string, string>, name: string, said: string): string {
  const codes = codeOf.get(name) ?? '';
  return `${name} → ${codes.split('|').includes(said) ? said : codes}`;
}

/** A table row's cells (an escaped pipe stays in its cell). */
const cells = (row: string) =>
  row
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((c) => c.trim());
const backticked = (cell: string) => [...cell.matchAll(/`([\w.]+)`/g)].map((m) => m[1]!);

/** Every claim `README:line: class → code` or `code → status` of every README. */
function claims() {
  const codeOf = realCodes();
  const found: { at: string; says: string; real: string }[] = [];
  for (const readme of findReadmes(root)) {
    const lines = readFileSync(join(root, readme), 'utf8').split('\n');
    let header: string[] | undefined;
    lines.forEach((line, i) => {
      const at = `${readme}:${i + 1}`;
      // Prose and cells: `SomeError` … `code: 'x'` (the nearest error named before the code).
      for (const m of line.matchAll(/code: ['"](\w+)['"]/g)) {
        const before = [...line.slice(0, m.index).matchAll(/`(\w+Error)`/g)].map((e) => e[1]!);
        const name = before.findLast((n) => codeOf.has(n));
        if (name !== undefined)
          found.push({ at, says: `${name} → ${m[1]}`, real: real(codeOf, name, m[1]!) });
      }
      // Tables with a code column: class → code, or code → HTTP status.
      if (!line.startsWith('|')) return void (header = undefined);
      if (/^\|[\s|:-]+\|$/.test(line)) return;
      if (header === undefined)
        return void (header = cells(line).map((c) => c.replace(/`/g, '').toLowerCase()));
      const row = cells(line);
      const codeColumn = header.findIndex((h) => h === 'code' || h.endsWith('error code'));
      if (codeColumn < 0) return;
      const codes = backticked(row[codeColumn] ?? '');
      const name = backticked(row[0] ?? '')[0];
      if (codeColumn > 0 && name !== undefined && codeOf.has(name)) {
        found.push({
          at,
          says: `${name} → ${codes.join()}`,
          real: real(codeOf, name, codes.join()),
        });
      }
      const statusColumn = header.indexOf('status');
      if (statusColumn >= 0) {
        for (const code of codes) {
          found.push({
            at,
            says: `${code} → ${row[statusColumn]}`,
            real: `${code} → ${tokenProblem(code).status}`,
          });
        }
      }
    });
  }
  return found;
}

describe('what the READMEs say about errors', () => {
  const all = claims();

  it('finds the error tables and the codes named in the prose', () => {
    expect(all.length).toBeGreaterThan(15);
  });

  it('each error class has the code the README gives it, each code the HTTP status', () => {
    const wrong = all
      .filter((c) => c.says !== c.real)
      .map((c) => `${c.at}: says ${c.says}, is ${c.real}`);
    expect(wrong).toEqual([]);
  });
});

describe('the cli README', () => {
  const lines = readFileSync(join(root, 'packages/cli/README.md'), 'utf8').split('\n');

  it('lists every doctor check, in order, with its exit code and the authorities it asks for', () => {
    const start = lines.findIndex((l) => /^\| #\s+\| check\s+\|/.test(l));
    const rows = lines
      .slice(start + 2)
      .filter((_, i, all) => all.slice(0, i + 1).every((l) => l.startsWith('|')))
      .map(cells);
    expect(rows.map((r) => [r[1], Number(r[3])])).toEqual(
      DOCTOR_STEPS.map((s) => [s.name, s.exitCode]),
    );
    const authorities = rows.find((r) => r[1] === 'authorities')?.[2] ?? '';
    expect(backticked(authorities).filter((a) => /^[A-Z_]+$/.test(a))).toEqual(
      CARD_PAYMENT_AUTHORITIES,
    );
  });
});
