import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockAdumo, TOKEN_FAULT_KINDS, type MockAdumo } from '../src/index';
import { callApi, credentialsQuery, jsonOf, requestToken, tokenJson } from './helpers';

let mock: MockAdumo | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

/** A raw HTTP POST that reports exactly what came over the wire (or how the socket ended). */
function rawPost(url: string): Promise<{ status?: number; body: string; error?: string }> {
  return new Promise((resolve) => {
    let body = '';
    let status: number | undefined;
    const req = request(url, { method: 'POST', agent: false }, (res) => {
      status = res.statusCode;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
      res.on('error', (e: NodeJS.ErrnoException) =>
        resolve({ status: status!, body, error: e.code ?? e.message }),
      );
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ body, error: e.code ?? e.message }));
    req.end();
  });
}

describe('faults: non-token bodies (a real, usable token inside)', () => {
  it.each([
    [
      'missing-access-token',
      (b: Record<string, unknown>) => expect(b).not.toHaveProperty('access_token'),
    ],
    ['expires-in-string', (b: Record<string, unknown>) => expect(b.expires_in).toBe('599999')],
    ['expires-in-negative', (b: Record<string, unknown>) => expect(b.expires_in).toBe(-599999)],
    [
      'expires-in-huge',
      (b: Record<string, unknown>) => expect(b.expires_in).toBe(Number.MAX_SAFE_INTEGER),
    ],
    ['token-type-mac', (b: Record<string, unknown>) => expect(b.token_type).toBe('mac')],
  ] as const)('%s', async (kind, check) => {
    mock = await startMockAdumo();
    mock.faults.nextTokenResponses(kind);
    const res = await requestToken(mock.tokenUrl);
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    check(body);
    if (typeof body['access_token'] === 'string')
      expect((await callApi(mock.baseUrl, '/products/ping', body['access_token'])).status).toBe(
        200,
      );
    const next = await tokenJson(await requestToken(mock.tokenUrl));
    expect([next.token_type, next.expires_in]).toEqual(['bearer', 599999]);
    expect(mock.stats.snapshot().tokenRequestsByClient['adumo-test-client']).toEqual({
      [`fault:${kind}`]: 1,
      issued: 1,
    });
  });

  it('xml: a 200 token answer in XML', async () => {
    mock = await startMockAdumo();
    mock.faults.nextTokenResponses('xml');
    const res = await requestToken(mock.tokenUrl);
    expect([res.status, res.headers.get('content-type')]).toEqual([
      200,
      'application/xml;charset=UTF-8',
    ]);
    const text = await res.text();
    expect(text).toMatch(
      /^<\?xml .*<oauth><access_token>eyJ[^<]+<\/access_token><token_type>bearer<\/token_type>/,
    );
  });

  it('body faults wait for a successful request and keep their order', async () => {
    mock = await startMockAdumo();
    mock.faults.nextTokenResponses('token-type-mac');
    mock.faults.nextTokenResponses('expires-in-string', 2);
    expect((await requestToken(mock.tokenUrl, { secret: 'wrong' })).status).toBe(401);
    const types = [];
    for (let i = 0; i < 4; i++) {
      const b = await tokenJson(await requestToken(mock.tokenUrl));
      types.push(`${b.token_type}/${typeof b.expires_in}`);
    }
    expect(types).toEqual(['mac/number', 'bearer/string', 'bearer/string', 'bearer/number']);
  });
});

describe('faults: broken answers (whatever the credentials)', () => {
  it('malformed-json: 200 with a JSON content type and a body that does not parse', async () => {
    mock = await startMockAdumo();
    mock.faults.nextTokenResponses('malformed-json', 2);
    for (const secret of ['adumo-test-secret', 'wrong']) {
      const res = await requestToken(mock.tokenUrl, { secret });
      expect([res.status, res.headers.get('content-type')]).toEqual([
        200,
        'application/json;charset=UTF-8',
      ]);
      const text = await res.text();
      expect(text.startsWith('{"access_token":')).toBe(true);
      expect(() => void JSON.parse(text)).toThrow(SyntaxError);
    }
    expect((await requestToken(mock.tokenUrl)).status).toBe(200);
  });

  it('html: a proxy 502 error page', async () => {
    mock = await startMockAdumo();
    mock.faults.nextTokenResponses('html');
    const res = await requestToken(mock.tokenUrl);
    expect([res.status, res.headers.get('content-type')]).toEqual([502, 'text/html']);
    expect(await res.text()).toContain('<title>502 Bad Gateway</title>');
  });

  it('truncated: the socket closes before Content-Length bytes arrive', async () => {
    mock = await startMockAdumo();
    mock.faults.nextTokenResponses('truncated');
    const result = await rawPost(`${mock.tokenUrl}?${credentialsQuery()}`);
    expect(result.status).toBe(200);
    expect(result.error).toBe('ECONNRESET');
    expect(result.body.startsWith('{"access_token":"eyJ')).toBe(true);
    expect(() => void JSON.parse(result.body)).toThrow(SyntaxError);
    await expect(requestToken(mock.tokenUrl).then((r) => r.status)).resolves.toBe(200);
  });

  it('reset: the connection is reset without an answer', async () => {
    mock = await startMockAdumo();
    mock.faults.nextTokenResponses('reset');
    const result = await rawPost(`${mock.tokenUrl}?${credentialsQuery()}`);
    expect(result.status).toBeUndefined();
    expect(result.error).toBe('ECONNRESET');
    expect(mock.stats.snapshot().tokenResponsesByStatus).toEqual({});
    expect(mock.stats.snapshot().tokenRequestsByClient['adumo-test-client']).toEqual({
      'fault:reset': 1,
    });
  });

  it('hang: never answers; the client gives up; close() ends it', async () => {
    mock = await startMockAdumo();
    mock.faults.nextTokenResponses('hang');
    const aborted = await fetch(`${mock.tokenUrl}?${credentialsQuery()}`, {
      method: 'POST',
      signal: AbortSignal.timeout(300),
    }).then(
      () => 'answered',
      (e: Error) => e.name,
    );
    expect(aborted).toBe('TimeoutError');
    mock.faults.nextTokenResponses('hang');
    const pending = rawPost(`${mock.tokenUrl}?${credentialsQuery()}`);
    const deadline = Date.now() + 5000;
    while (mock.stats.tokenRequests < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    await mock.close();
    const result = await pending;
    expect(result.status).toBeUndefined();
    expect(result.error).toBe('ECONNRESET');
  }, 10_000);

  it('lists every fault kind', () => {
    expect([...TOKEN_FAULT_KINDS].sort()).toEqual(
      [
        'expires-in-huge',
        'expires-in-negative',
        'expires-in-string',
        'hang',
        'html',
        'malformed-json',
        'missing-access-token',
        'reset',
        'token-type-mac',
        'truncated',
        'xml',
      ].sort(),
    );
  });
});
