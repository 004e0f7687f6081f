import { afterEach, describe, expect, it } from 'vitest';
import { startMockAdumo, type MockAdumo } from '../src/index';
import { callApi, fakeClock, requestToken } from './helpers';

let mock: MockAdumo | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function statuses(tokenUrl: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await requestToken(tokenUrl)).status);
  return out;
}

describe('faults: failing token requests', () => {
  it('fails the next N requests with 503 and Retry-After', async () => {
    mock = await startMockAdumo();
    mock.faults.failTokenRequests({ status: 503, count: 2, retryAfterSeconds: 7 });
    const res = await requestToken(mock.tokenUrl);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toEqual({
      error: 'server_error',
      error_description: 'Service Unavailable',
    });
    expect(await statuses(mock.tokenUrl, 2)).toEqual([503, 200]);
  });

  it('answers 503 and 429 without Retry-After when none is configured', async () => {
    mock = await startMockAdumo();
    mock.faults.failTokenRequests({ status: 503, count: 1 });
    const a = await requestToken(mock.tokenUrl);
    expect([a.status, a.headers.get('retry-after')]).toEqual([503, null]);
    mock.faults.failTokenRequests({ status: 429, count: 1 });
    const b = await requestToken(mock.tokenUrl);
    expect([b.status, b.headers.get('retry-after')]).toEqual([429, null]);
    expect(await b.json()).toEqual({
      error: 'too_many_requests',
      error_description: 'Too Many Requests',
    });
  });

  it('answers 429 with Retry-After', async () => {
    mock = await startMockAdumo();
    mock.faults.failTokenRequests({ status: 429, count: 1, retryAfterSeconds: 0 });
    const res = await requestToken(mock.tokenUrl);
    expect([res.status, res.headers.get('retry-after')]).toEqual([429, '0']);
  });

  it('fails for a time window measured with the injected clock', async () => {
    const clock = fakeClock();
    mock = await startMockAdumo({ now: clock.now });
    mock.faults.failTokenRequests({ status: 500, durationMs: 1000 });
    expect(await statuses(mock.tokenUrl, 2)).toEqual([500, 500]);
    clock.advance(999);
    expect(await statuses(mock.tokenUrl, 1)).toEqual([500]);
    clock.advance(1);
    expect(await statuses(mock.tokenUrl, 2)).toEqual([200, 200]);
  });

  it('with count and window, stops at whichever ends first', async () => {
    const clock = fakeClock();
    mock = await startMockAdumo({ now: clock.now });
    mock.faults.failTokenRequests({ status: 502, count: 5, durationMs: 1000 });
    expect(await statuses(mock.tokenUrl, 2)).toEqual([502, 502]);
    clock.advance(1000);
    expect(await statuses(mock.tokenUrl, 1)).toEqual([200]);
    mock.faults.failTokenRequests({ status: 502, count: 1, durationMs: 60_000 });
    expect(await statuses(mock.tokenUrl, 2)).toEqual([502, 200]);
  });

  it('fails until clear() when neither count nor window is given, even for bad credentials', async () => {
    mock = await startMockAdumo();
    mock.faults.failTokenRequests({ status: 500 });
    expect(await statuses(mock.tokenUrl, 3)).toEqual([500, 500, 500]);
    expect((await requestToken(mock.tokenUrl, { secret: 'wrong' })).status).toBe(500);
    mock.faults.clear();
    expect(await statuses(mock.tokenUrl, 1)).toEqual([200]);
  });

  it('rejects invalid fault settings', async () => {
    mock = await startMockAdumo();
    expect(() => mock!.faults.failTokenRequests({ status: 42 })).toThrow(RangeError);
    expect(() => mock!.faults.failTokenRequests({ status: 503, count: -1 })).toThrow(RangeError);
    expect(() => mock!.faults.latency(-5)).toThrow(RangeError);
    expect(() => mock!.faults.nextTokenResponses('nope' as 'xml')).toThrow(RangeError);
  });
});

describe('faults: latency', () => {
  it('delays token answers only (default target) while the API answers at once', async () => {
    mock = await startMockAdumo();
    mock.faults.latency(1500);
    let tokenDone = false;
    const pending = requestToken(mock.tokenUrl).then((res) => {
      tokenDone = true;
      return res.status;
    });
    const deadline = Date.now() + 5000;
    while (mock.stats.tokenRequests === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    const ping = await callApi(mock.baseUrl, '/products/ping', undefined);
    expect(ping.status).toBe(401);
    expect(tokenDone).toBe(false);
    expect(await pending).toBe(200);
  }, 10_000);

  it('delays API answers with target "api" while tokens come at once', async () => {
    mock = await startMockAdumo();
    mock.faults.latency(1500, { target: 'api' });
    let apiDone = false;
    const pending = callApi(mock.baseUrl, '/products/ping', undefined).then((res) => {
      apiDone = true;
      return res.status;
    });
    expect((await requestToken(mock.tokenUrl)).status).toBe(200);
    expect(apiDone).toBe(false);
    expect(await pending).toBe(401);
  }, 10_000);
});
