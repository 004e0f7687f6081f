import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { assertNoLeak, envFor, runBin, stepLine } from './helpers';

const ID = 'exit-code-client';
const SECRET = 'exit-code-secret-value';
let mock: MockAdumo;
/** Accepts connections and never answers. */
let silent: Server;
/** Resets every connection at once. */
let resetting: Server;
let closedPort: number;
const sockets = new Set<Socket>();

const listen = (server: Server): Promise<number> =>
  new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );

beforeAll(async () => {
  mock = await startMockAdumo({ clients: [{ clientId: ID, clientSecret: SECRET }] });
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  resetting = createServer((socket) => socket.resetAndDestroy());
  const closed = createServer();
  closedPort = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
  await Promise.all([listen(silent), listen(resetting)]);
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all([
    mock.close(),
    new Promise((resolve) => silent.close(resolve)),
    new Promise((resolve) => resetting.close(resolve)),
  ]);
});

const portOf = (server: Server): number => (server.address() as { port: number }).port;
const at = (url: string) => envFor(url, ID, SECRET);

describe('exit codes tell a refused credential from an unreachable host', () => {
  it('doctor: 13 when the endpoint refuses the credentials, 20 when nothing answers', async () => {
    const refused = await runBin(['doctor'], { ...at(mock.baseUrl), ADUMO_CLIENT_SECRET: 'wrong' });
    expect(refused.code).toBe(13);
    expect(stepLine(refused.stdout, 'token request')).toMatch(/^✖ .*401 .*invalid_client/);

    const cases: [string, string, RegExp][] = [
      ['connection refused', `http://127.0.0.1:${closedPort}`, /ECONNREFUSED/],
      ['connection reset', `http://127.0.0.1:${portOf(resetting)}`, /ECONNRESET|closed|reset/i],
      ['timed out', `http://127.0.0.1:${portOf(silent)}`, /timed out after 300 ms/],
    ];
    for (const [what, url, detail] of cases) {
      const result = await runBin(['doctor', '--timeout', '300'], at(url));
      assertNoLeak(result, [SECRET]);
      expect([what, result.code]).toEqual([what, 20]);
      expect(stepLine(result.stdout, 'token request')).toMatch(detail);
      expect(result.stdout).toContain('first: token request (exit code 20).');
      const json = await runBin(['doctor', '--json', '--timeout', '300'], at(url));
      const report = JSON.parse(json.stdout) as {
        exitCode: number;
        failedStep: string;
        steps: { id: string; exitCode: number; fix?: string }[];
      };
      const token = report.steps.find((s) => s.id === 'token')!;
      expect([what, json.code, report.exitCode, report.failedStep, token.exitCode]).toEqual([
        what,
        20,
        20,
        'token',
        20,
      ]);
      expect(token.fix).toMatch(/Nothing answered|No answer within 300 ms/);
    }
  }, 30_000);

  it('doctor: 20 when nothing listens on the https port (the TLS check finds it), 11 for DNS', async () => {
    const closed = await runBin(['doctor', '--json'], at(`https://127.0.0.1:${closedPort}`));
    const report = JSON.parse(closed.stdout) as { exitCode: number; failedStep: string };
    expect([closed.code, report.exitCode, report.failedStep]).toEqual([20, 20, 'tls']);
    const dns = await runBin(['doctor'], at('https://nonexistent.invalid'));
    expect(dns.code).toBe(11);
  }, 15_000);

  it('token: 13 refused, 20 refused connection / reset / timeout, 11 DNS, 10 configuration', async () => {
    const cases: [string, Record<string, string>, number][] = [
      ['credentials refused', { ...at(mock.baseUrl), ADUMO_CLIENT_SECRET: 'wrong' }, 13],
      ['connection refused', at(`http://127.0.0.1:${closedPort}`), 20],
      ['connection reset', at(`http://127.0.0.1:${portOf(resetting)}`), 20],
      ['timed out', at(`http://127.0.0.1:${portOf(silent)}`), 20],
      ['no such host', at('https://nonexistent.invalid'), 11],
      ['no configuration', {}, 10],
    ];
    for (const [what, env, code] of cases) {
      const result = await runBin(['token', '--timeout', '300'], env);
      assertNoLeak(result, [SECRET]);
      expect([what, result.code, result.stdout]).toEqual([what, code, '']);
      expect(result.stderr).toMatch(/^adumo-oauth token: /);
    }
  }, 30_000);
});
