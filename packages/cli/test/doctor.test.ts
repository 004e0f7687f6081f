import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { assertNoLeak, envFor, runBin, stepLine } from './helpers';

const ID = 'merchant-cli';
const SECRET = 'S3cr3t/+ value=ü&x';
const FEW = 'few-authorities';
const FEW_SECRET = 'few-secret-value';
let mock: MockAdumo;
let env: Record<string, string>;

beforeAll(async () => {
  mock = await startMockAdumo({
    clients: [
      { clientId: ID, clientSecret: SECRET },
      {
        clientId: FEW,
        clientSecret: FEW_SECRET,
        authorities: ['TRANSACTION_CREATE', 'TRANSACTION_VIEW'],
      },
    ],
  });
  env = envFor(mock.baseUrl, ID, SECRET);
});
afterAll(() => mock.close());

const STEP_IDS = [
  'config',
  'dns',
  'tls',
  'token',
  'token_type',
  'expires_in',
  'scope',
  'authorities',
  'clock',
  'call',
];

interface Report {
  ok: boolean;
  exitCode: number;
  failedStep?: string;
  target: Record<string, string>;
  steps: {
    id: string;
    name: string;
    status: string;
    detail: string;
    fix?: string;
    durationMs: number;
    exitCode: number;
  }[];
  durationMs: number;
}

async function doctorJson(args: string[], vars: Record<string, string | undefined> = env) {
  const result = await runBin(['doctor', '--json', ...args], vars);
  assertNoLeak(result, [SECRET, FEW_SECRET]);
  const report = JSON.parse(result.stdout) as Report;
  expect(report.exitCode).toBe(result.code);
  return { result, report, status: (id: string) => report.steps.find((s) => s.id === id)?.status };
}

describe('adumo-oauth doctor', () => {
  it('passes every check against the mock, one ✔ line per check, exit 0', async () => {
    const result = await runBin(['doctor'], env);
    assertNoLeak(result, [SECRET]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(stepLine(result.stdout, 'configuration')).toMatch(/^✔ .*client merchant-cli$/);
    expect(stepLine(result.stdout, 'host resolves')).toMatch(/^✔ .*127\.0\.0\.1 → 127\.0\.0\.1$/);
    expect(stepLine(result.stdout, 'TLS handshake')).toMatch(
      /^– .*skipped: plain http to a loopback host$/,
    );
    expect(stepLine(result.stdout, 'token request')).toMatch(/^✔ .*HTTP 200 in \d+ ms$/);
    expect(stepLine(result.stdout, 'token_type')).toMatch(/^✔ .*"bearer"/);
    expect(stepLine(result.stdout, 'expires_in vs JWT exp')).toMatch(
      /^✔ .*expires_in 599999 s .* (-1|0|\+1) s apart$/,
    );
    expect(stepLine(result.stdout, 'scope')).toMatch(/^✔ scope +read$/);
    expect(stepLine(result.stdout, 'authorities')).toMatch(
      /^✔ .*all 5 required present \(47 in the token\)$/,
    );
    expect(stepLine(result.stdout, 'clock skew')).toMatch(/^✔ .*limit ±30 s/);
    expect(stepLine(result.stdout, 'API call')).toMatch(/^– .*skipped: not asked/);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('All 8 checks passed (2 skipped).');
    // Not a TTY: no spinner frames, no control characters.
    expect([result.stdout.includes('\r'), result.stdout.includes('\u001b')]).toEqual([
      false,
      false,
    ]);
  });

  it('--json prints one object: every check in order with status, detail and duration', async () => {
    const { report } = await doctorJson(['--call', '/products/ping']);
    expect(Object.keys(report)).toEqual(
      ['ok', 'exitCode', 'failedStep', 'target', 'steps', 'durationMs'].filter(
        (k) => k !== 'failedStep',
      ),
    );
    expect(report.ok).toBe(true);
    expect(report.target).toEqual({ baseUrl: mock.baseUrl, tokenUrl: mock.tokenUrl, clientId: ID });
    expect(report.steps.map((s) => s.id)).toEqual(STEP_IDS);
    expect(report.steps.map((s) => s.status)).toEqual([
      'ok',
      'ok',
      'skipped',
      ...Array(7).fill('ok'),
    ]);
    expect(report.steps.map((s) => s.exitCode)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    for (const step of report.steps) {
      expect(typeof step.durationMs).toBe('number');
      expect(step.fix).toBeUndefined();
    }
    expect(report.steps.at(-1)?.detail).toMatch(/^GET \/products\/ping → 200 in \d+ ms$/);
  });

  it('a wrong secret: ✖ token request with core’s message and a fix, exit 13, the secret nowhere', async () => {
    const wrong = 'wrong-Secret-123';
    const result = await runBin(['doctor'], { ...env, ADUMO_CLIENT_SECRET: wrong });
    assertNoLeak(result, [wrong, SECRET]);
    expect(result.code).toBe(13);
    const line = stepLine(result.stdout, 'token request');
    expect(line).toMatch(/^✖ .*401 .*invalid_client.*Bad client credentials/);
    expect(line).toContain('client_secret=[REDACTED]');
    expect(result.stdout).toMatch(/fix: The client id or secret is wrong .*ADUMO_CLIENT_SECRET/);
    expect(stepLine(result.stdout, 'scope')).toMatch(/^– .*skipped: no token$/);
    expect(result.stdout).toContain('1 check failed; first: token request (exit code 13).');
    expect(
      mock.stats.snapshot().tokenRequestsByClient[ID]?.['invalid_client'],
    ).toBeGreaterThanOrEqual(1);
  });

  it('a closed port on 127.0.0.1: ✖ token request (unreachable), exit 20', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as { port: number };
        server.close(() => resolve(p));
      });
    });
    const { report, status } = await doctorJson([], {
      ...env,
      ADUMO_BASE_URL: `http://127.0.0.1:${port}`,
    });
    expect([report.exitCode, report.failedStep]).toEqual([20, 'token']);
    expect(status('dns')).toBe('ok');
    const token = report.steps.find((s) => s.id === 'token')!;
    expect(token.detail).toMatch(/ECONNREFUSED|fetch failed|refused/i);
    expect(token.fix).toMatch(/Nothing answered/);
  });

  it('an unresolvable host: ✖ host resolves, exit 11, later checks skipped', async () => {
    const { report, status } = await doctorJson([], {
      ...env,
      ADUMO_BASE_URL: 'https://nonexistent.invalid',
    });
    expect([report.exitCode, report.failedStep]).toEqual([11, 'dns']);
    expect(report.steps.find((s) => s.id === 'dns')?.detail).toMatch(
      /^nonexistent\.invalid does not resolve/,
    );
    expect(status('tls')).toBe('skipped');
    expect(status('token')).toBe('skipped');
  });

  it('a client with few authorities: ✖ authorities naming the missing ones, exit 17', async () => {
    const result = await runBin(['doctor'], envFor(mock.baseUrl, FEW, FEW_SECRET));
    assertNoLeak(result, [FEW_SECRET]);
    expect(result.code).toBe(17);
    expect(stepLine(result.stdout, 'authorities')).toMatch(
      /^✖ .*missing 4 of 5: AUTHORISE_CARD_TRANSACTION, SETTLE_TRANSACTION, REFUND_TRANSACTION, REVERSE_TRANSACTION \(2 in the token\)$/,
    );
    expect(result.stdout).toMatch(
      /fix: Ask Adumo support to enable AUTHORISE_CARD_TRANSACTION, .* for client few-authorities/,
    );
    // --authorities chooses the list; --call still reports the API's answer.
    const { report } = await doctorJson(
      [
        '--authorities',
        'TRANSACTION_CREATE',
        '--call',
        '/products/payments/v1/card/refund',
        '--method',
        'POST',
      ],
      envFor(mock.baseUrl, FEW, FEW_SECRET),
    );
    expect(report.steps.find((s) => s.id === 'authorities')?.status).toBe('ok');
    expect([report.exitCode, report.failedStep]).toEqual([19, 'call']);
    expect(report.steps.at(-1)?.detail).toMatch(
      /^POST \/products\/payments\/v1\/card\/refund → 403 access_denied in \d+ ms$/,
    );
  });

  it('a skewed server Date: ✖ clock skew beyond --max-skew, exit 18', async () => {
    const skewed = await startMockAdumo({
      clients: [{ clientId: ID, clientSecret: SECRET }],
      dateOffsetMs: -120_000,
    });
    try {
      const vars = { ...env, ADUMO_BASE_URL: skewed.baseUrl };
      const result = await runBin(['doctor'], vars);
      assertNoLeak(result, [SECRET]);
      expect(result.code).toBe(18);
      expect(stepLine(result.stdout, 'clock skew')).toMatch(
        /^✖ .*server clock 1(19|2[01]) s behind this machine \(limit ±30 s\)$/,
      );
      expect(result.stdout).toMatch(/fix: Sync this machine's clock/);
      // expires_in vs exp is judged on the server's clock: still fine.
      expect(stepLine(result.stdout, 'expires_in vs JWT exp')).toMatch(/^✔/);
      const { report } = await doctorJson(['--max-skew', '300'], vars);
      expect(report.exitCode).toBe(0);
      skewed.faults.clockSkew(45_000);
      const ahead = await doctorJson([], vars);
      expect(ahead.report.steps.find((s) => s.id === 'clock')?.detail).toMatch(
        /server clock 4\d s ahead of this machine/,
      );
      expect(ahead.report.exitCode).toBe(18);
    } finally {
      await skewed.close();
    }
  });

  it('an answer core refuses: token_type (exit 14) or expires_in (exit 15) is the failed check', async () => {
    mock.faults.nextTokenResponses('token-type-mac');
    const mac = await doctorJson([]);
    expect([mac.report.exitCode, mac.status('token'), mac.status('token_type')]).toEqual([
      14,
      'ok',
      'failed',
    ]);
    expect(mac.report.steps.find((s) => s.id === 'token_type')?.detail).toMatch(/mac/);
    mock.faults.nextTokenResponses('expires-in-negative');
    const negative = await doctorJson([]);
    expect([
      negative.report.exitCode,
      negative.status('token_type'),
      negative.status('expires_in'),
    ]).toEqual([15, 'ok', 'failed']);
    expect(negative.status('scope')).toBe('skipped');
    mock.faults.nextTokenResponses('html');
    const html = await doctorJson([]);
    expect([html.report.exitCode, html.report.failedStep]).toEqual([13, 'token']);
  });

  it('invalid configuration: ✖ configuration with core’s ConfigError message, exit 10', async () => {
    const missing = await doctorJson([], { ADUMO_BASE_URL: mock.baseUrl, ADUMO_CLIENT_ID: ID });
    expect(missing.report.exitCode).toBe(10);
    expect(missing.report.steps[0]?.detail).toMatch(/ADUMO_CLIENT_SECRET is not set/);
    expect(missing.report.steps.slice(1).every((s) => s.status === 'skipped')).toBe(true);
    const plain = await doctorJson([], { ...env, ADUMO_BASE_URL: 'http://example.com' });
    expect(plain.report.exitCode).toBe(10);
    expect(plain.report.steps[0]?.detail).toMatch(/https/);
  });

  it('takes flags: --client-secret warns about shell history, --client-secret-stdin reads stdin', async () => {
    const flags = ['doctor', '--base-url', mock.baseUrl, '--client-id', ID];
    const viaFlag = await runBin([...flags, '--client-secret', SECRET], {});
    assertNoLeak(viaFlag, [SECRET]);
    expect(viaFlag.code).toBe(0);
    expect(viaFlag.stderr).toMatch(/^warning: --client-secret is kept in your shell history/);
    const viaStdin = await runBin([...flags, '--client-secret-stdin'], {}, `${SECRET}\n`);
    assertNoLeak(viaStdin, [SECRET]);
    expect([viaStdin.code, viaStdin.stderr]).toEqual([0, '']);
  });

  it('usage errors exit 2: a --call off the API origin, a bad --method, an unknown flag', async () => {
    for (const args of [
      ['--call', 'https://elsewhere.example/steal'],
      ['--call', '//elsewhere.example/x'],
      ['--method', 'DELETE'],
      ['--max-skew', 'soon'],
      ['--frobnicate'],
    ]) {
      const result = await runBin(['doctor', ...args], env);
      expect([args.join(' '), result.code, result.stdout]).toEqual([args.join(' '), 2, '']);
      expect(result.stderr).toMatch(/^adumo-oauth doctor: .*\nSee adumo-oauth --help\.\n$/);
    }
  });
});
