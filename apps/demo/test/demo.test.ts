import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main.mjs');
const ADUMO_VARS = ['ADUMO_BASE_URL', 'ADUMO_CLIENT_ID', 'ADUMO_CLIENT_SECRET'];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the built demo with `args` and only the given ADUMO_* variables set. */
function runDemo(args: string[], adumoEnv: Record<string, string> = {}): Promise<Run> {
  const env = { ...process.env };
  for (const name of ADUMO_VARS) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { ...env, ...adumoEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** No secret, and nothing shaped like a whole JWT (three base64url parts), anywhere in the output. */
function expectNothingSecret(run: Run, secrets: string[]): void {
  const output = run.stdout + run.stderr;
  for (const secret of secrets) expect(output).not.toContain(secret);
  expect(output).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/);
}

interface JsonReport {
  ok: boolean;
  target: { kind: string; baseUrl: string };
  scenarios: {
    id: string;
    status: string;
    reason?: string;
    checks?: { ok: boolean }[];
    calls?: number;
    successes?: number;
    tokenRequests?: number;
    metrics?: Record<string, number>;
  }[];
  summary: { passed: number; failed: number; skipped: number; line: string };
}

describe('against the embedded mock (no environment)', () => {
  it('prints the report and exits 0', async () => {
    expect(existsSync(MAIN), 'run the build first').toBe(true);
    const run = await runDemo([]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('embedded mock Adumo at http://127.0.0.1:');
    for (const id of ['1.', '2.', '3.', '4.', '5.', '6.', '7.', '8.', '9.'])
      expect(run.stdout).toContain(`✔ ${id}`);
    expect(run.stdout).toMatch(/OK: 9\/9 scenarios behaved/);
    expect(run.stdout).toContain(
      '✔ one token request per merchant: 200 at the mock, 200/200 merchants with exactly 1',
    );
    expect(run.stdout).toContain(
      '✔ the token went to Adumo only: another origin got 2 requests, 0 with Authorization',
    );
    expect(run.stdout).toMatch(/✔ on Nest 12: @nestjs\/core 12\./);
    expect(run.stdout).toContain('Bearer eyJhbG…(');
    expectNothingSecret(run, [DEFAULT_CLIENT.clientSecret]);
  });

  it('--json prints only valid JSON with every scenario ok', async () => {
    const run = await runDemo(['--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.ok).toBe(true);
    expect(report.target.kind).toBe('mock');
    expect(report.scenarios.map((s) => s.id)).toEqual([
      'fetch',
      'axios',
      'express',
      'nestjs',
      'short-lifetime',
      'revoked',
      'outage',
      'merchants',
      'undici',
    ]);
    for (const scenario of report.scenarios) {
      expect(scenario.status, scenario.id).toBe('ok');
      expect(
        scenario.checks?.every((c) => c.ok),
        scenario.id,
      ).toBe(true);
    }
    expect(report.scenarios.find((s) => s.id === 'express')?.tokenRequests).toBe(1);
    expect(report.scenarios.find((s) => s.id === 'axios')?.metrics).toEqual({
      otherOriginRequests: 2,
      otherOriginWithToken: 0,
      rejectedWithRevokedToken: 1,
      freshTokens: 1,
      apiCallsAfterRevocation: 2,
    });
    expect(report.scenarios.find((s) => s.id === 'nestjs')).toMatchObject({
      calls: 50,
      successes: 50,
      tokenRequests: 1,
      metrics: { nestMajor: 12 },
    });
    const merchants = report.scenarios.find((s) => s.id === 'merchants');
    expect(merchants).toMatchObject({ calls: 2000, successes: 2000, tokenRequests: 200 });
    expect(merchants?.metrics).toMatchObject({
      tokenRequestsAtMock: 200,
      apiCalls: 2000,
      merchantsWithOneToken: 200,
      merchantsWithAllCheckouts: 200,
      wrongMerchantToken: 0,
    });
    expect(report.summary).toMatchObject({ passed: 9, failed: 0, skipped: 0 });
    expectNothingSecret(run, [DEFAULT_CLIENT.clientSecret]);
  });
});

describe('against a host named by the environment', () => {
  let mock: MockAdumo;
  const secret = 'demo-test-env-secret-7f3a91';
  beforeAll(async () => {
    mock = await startMockAdumo({ clients: [{ clientId: 'env-client', clientSecret: secret }] });
  });
  afterAll(() => mock.close());

  it('runs the adapters there and skips the mock-only scenes', async () => {
    const run = await runDemo(['--json'], {
      ADUMO_BASE_URL: mock.baseUrl,
      ADUMO_CLIENT_ID: 'env-client',
      ADUMO_CLIENT_SECRET: secret,
    });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.target).toMatchObject({ kind: 'remote', baseUrl: mock.baseUrl });
    expect(report.summary).toMatchObject({ passed: 5, failed: 0, skipped: 4 });
    expect(report.scenarios.find((s) => s.id === 'axios')?.metrics).toEqual({
      otherOriginRequests: 2,
      otherOriginWithToken: 0,
    });
    expect(report.scenarios.find((s) => s.id === 'merchants')).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining("needs 200 merchants' credentials") as string,
    });
    expect(mock.stats.snapshot().tokenRequestsByClient['env-client']).toEqual({ issued: 5 });
    expectNothingSecret(run, [secret]);
  });

  it('exits non-zero with a clear message when the secret is wrong', async () => {
    const wrong = 'demo-wrong-secret-0c5e22';
    const run = await runDemo([], {
      ADUMO_BASE_URL: mock.baseUrl,
      ADUMO_CLIENT_ID: 'env-client',
      ADUMO_CLIENT_SECRET: wrong,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✘ 1.');
    expect(run.stdout).toContain('invalid_client');
    expect(run.stdout).toContain('✘ 2.');
    expect(run.stderr).toMatch(/FAILED: 5 of 9 scenarios did not behave/);
    expectNothingSecret(run, [wrong, secret]);
  });

  it('refuses a partial configuration with exit code 2', async () => {
    const run = await runDemo([], { ADUMO_CLIENT_ID: 'env-client', ADUMO_CLIENT_SECRET: secret });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ADUMO_BASE_URL');
    expect(run.stderr).toMatch(/set all three/);
    expect(run.stdout).toBe('');
    expectNothingSecret(run, [secret]);
  });
});

describe('command line', () => {
  it('rejects an unknown option with exit code 2 and the usage', async () => {
    const run = await runDemo(['--nope']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown option --nope');
    expect(run.stderr).toContain('Usage:');
  });
});
