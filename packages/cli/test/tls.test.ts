import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { assertNoLeak, envFor, runBin, stepLine } from './helpers';

const ID = 'tls-client';
const SECRET = 'tls-secret-value';
let dir: string;
let mock: MockAdumo;
let server: Server;
let baseUrl: string;

/** An HTTPS front for the mock on 127.0.0.1 with a fresh self-signed certificate (openssl). */
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adumo-cli-tls-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=adumo-cli-test',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' }); // prettier-ignore
  mock = await startMockAdumo({ clients: [{ clientId: ID, clientSecret: SECRET }] });
  server = createServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(
            (e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'host',
          ),
        );
        void fetch(`${mock.baseUrl}${req.url ?? '/'}`, {
          method: req.method ?? 'GET',
          headers,
          ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
        }).then(async (upstream) => {
          res.writeHead(upstream.status, {
            'content-type': upstream.headers.get('content-type') ?? 'text/plain',
            date: upstream.headers.get('date') ?? '',
          });
          res.end(Buffer.from(await upstream.arrayBuffer()));
        });
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('adumo-oauth doctor over https', () => {
  it('an untrusted (self-signed) certificate: ✖ TLS handshake with a fix, exit 12', async () => {
    const result = await runBin(['doctor'], envFor(baseUrl, ID, SECRET));
    assertNoLeak(result, [SECRET]);
    expect(result.code).toBe(12);
    expect(stepLine(result.stdout, 'TLS handshake')).toMatch(
      /^✖ .*TLSv1\.[23], certificate adumo-cli-test, valid [01] more days: not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)$/,
    );
    expect(result.stdout).toMatch(/fix: .*NODE_EXTRA_CA_CERTS/);
    expect(stepLine(result.stdout, 'token request')).toMatch(/skipped: no trusted TLS connection$/);
    // `token` has no TLS check of its own: its failed request tells the same, with exit 12.
    const token = await runBin(['token'], envFor(baseUrl, ID, SECRET));
    assertNoLeak(token, [SECRET]);
    expect([token.code, token.stdout]).toEqual([12, '']);
    expect(token.stderr).toMatch(/SELF_SIGNED|self-signed/i);
  });

  it('the certificate trusted with NODE_EXTRA_CA_CERTS: every check passes over https, exit 0', async () => {
    const env = { ...envFor(baseUrl, ID, SECRET), NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') };
    const result = await runBin(['doctor', '--call', '/products/ping'], env);
    assertNoLeak(result, [SECRET]);
    expect(stepLine(result.stdout, 'TLS handshake')).toMatch(
      /^✔ .*TLSv1\.[23], certificate adumo-cli-test, valid [01] more days$/,
    );
    expect(stepLine(result.stdout, 'API call')).toMatch(/^✔ .*GET \/products\/ping → 200/);
    expect(result.code).toBe(0);
  });
});
