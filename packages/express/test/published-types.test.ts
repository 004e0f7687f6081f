import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Compile small consumer programs against the BUILT package (its `exports` → dist/index.d.mts and
 * dist/index.d.cts) with Node16 resolution, as a user's project would: ESM with @types/express 5
 * and CommonJS with @types/express 4. `req.adumo` must be typed (not `any`) in both.
 */
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

const consumer = (expressModule: string, suffix: string) => `
import express from '${expressModule}';
import { adumoErrorHandler, adumoToken, getAdumo, type AdumoContext } from '@adumo-oauth/express';

const app = express();
app.use(adumoToken({ getToken: () => Promise.reject(new Error('no token')) }, { lazy: true }));
app.get('/', (req, res, next) => {
  const adumo: AdumoContext | undefined = req.adumo;
  // @ts-expect-error req.adumo may be undefined before the middleware runs
  void req.adumo.fetch;
  // @ts-expect-error not a member: proves req.adumo is not any
  void adumo?.notAMember;
  getAdumo(req).getToken().then((token) => res.json({ jti: token.jti, v${suffix}: true }), next);
  const pending: Promise<Response> = getAdumo(req).fetch('http://127.0.0.1/products/ping');
  void pending;
});
app.use(adumoErrorHandler());
`;

function diagnosticsFor(files: Record<string, string>): string[] {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts'],
    types: ['node'],
    strict: true,
    exactOptionalPropertyTypes: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const real = {
    getSourceFile: host.getSourceFile.bind(host),
    fileExists: host.fileExists.bind(host),
    readFile: host.readFile.bind(host),
  };
  host.fileExists = (f) => f in files || real.fileExists(f);
  host.readFile = (f) => files[f] ?? real.readFile(f);
  host.getSourceFile = (f, lang, ...rest) =>
    f in files ? ts.createSourceFile(f, files[f]!, lang) : real.getSourceFile(f, lang, ...rest);
  const program = ts.createProgram(Object.keys(files), options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
}

describe('published types', () => {
  it('type req.adumo for ESM + @types/express 5 and CJS + @types/express 4 users', () => {
    const files = {
      [join(packageDir, 'test', 'virtual-consumer-5.mts')]: consumer('express', '5'),
      [join(packageDir, 'test', 'virtual-consumer-4.cts')]: consumer('express4', '4'),
    };
    expect(diagnosticsFor(files)).toEqual([]);
  }, 60_000);

  it('fails to compile when req.adumo is misused (the check is live)', () => {
    const file = join(packageDir, 'test', 'virtual-consumer-bad.mts');
    const source = `import express from 'express';\nimport '@adumo-oauth/express';\nexpress().get('/', (req) => { const n: number = req.adumo!.token!.value; void n; });\n`;
    const errors = diagnosticsFor({ [file]: source });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/string.*number/);
  }, 60_000);
});
