import { afterEach, describe, expect, it } from 'vitest';
import { startMockAdumo, type MockAdumo } from '../src/index';
import { callApi, fakeClock, getToken, requestToken } from './helpers';

let mock: MockAdumo | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const dateOf = (res: Response): number => Date.parse(res.headers.get('date') ?? 'missing');

describe('Date header', () => {
  it('is on every kind of response and follows the mock clock', async () => {
    const clock = fakeClock(Date.UTC(2030, 5, 1, 12, 0, 0));
    mock = await startMockAdumo({ now: clock.now });
    const token = await getToken(mock.tokenUrl);
    const responses = [
      await requestToken(mock.tokenUrl),
      await requestToken(mock.tokenUrl, { secret: 'wrong' }),
      await fetch(mock.tokenUrl, { method: 'GET' }),
      await callApi(mock.baseUrl, '/products/ping', token),
      await callApi(mock.baseUrl, '/products/ping', undefined),
      await fetch(`${mock.baseUrl}/nowhere`),
      await fetch(`${mock.baseUrl}/__mock/stats`),
      await fetch(`${mock.baseUrl}/__mock/stats/reset`, { method: 'POST' }),
    ];
    mock.faults.failTokenRequests({ status: 503, count: 1 });
    responses.push(await requestToken(mock.tokenUrl));
    mock.faults.nextTokenResponses('html');
    responses.push(await requestToken(mock.tokenUrl));
    expect(responses.map(dateOf)).toEqual(responses.map(() => Date.UTC(2030, 5, 1, 12, 0, 0)));
    clock.advance(61_000);
    expect(dateOf(await requestToken(mock.tokenUrl))).toBe(Date.UTC(2030, 5, 1, 12, 1, 1));
  });

  it('is shifted by dateOffsetMs, by faults.clockSkew(ms), and back to the option by clear()', async () => {
    const clock = fakeClock(Date.UTC(2030, 0, 1));
    mock = await startMockAdumo({ now: clock.now, dateOffsetMs: -120_000 });
    expect(dateOf(await requestToken(mock.tokenUrl))).toBe(Date.UTC(2030, 0, 1) - 120_000);
    mock.faults.clockSkew(45_000);
    expect(dateOf(await requestToken(mock.tokenUrl))).toBe(Date.UTC(2030, 0, 1) + 45_000);
    // Only the header moves: tokens still expire on the mock's own clock.
    const res = await requestToken(mock.tokenUrl);
    expect(((await res.json()) as { expires_in: number }).expires_in).toBe(599999);
    mock.faults.clear();
    expect(dateOf(await requestToken(mock.tokenUrl))).toBe(Date.UTC(2030, 0, 1) - 120_000);
    expect(() => mock!.faults.clockSkew(Number.NaN)).toThrow(RangeError);
    await expect(startMockAdumo({ dateOffsetMs: Infinity })).rejects.toThrow(RangeError);
  });

  it('is skewed through the HTTP control plane', async () => {
    const clock = fakeClock(Date.UTC(2030, 0, 1));
    mock = await startMockAdumo({ now: clock.now });
    const post = (body: unknown) =>
      fetch(`${mock!.baseUrl}/__mock/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ type: 'skew', ms: 3_600_000 })).status).toBe(204);
    expect(dateOf(await requestToken(mock.tokenUrl))).toBe(Date.UTC(2030, 0, 1, 1));
    expect((await post({ type: 'skew' })).status).toBe(400);
    expect((await post({ type: 'clear' })).status).toBe(204);
    expect(dateOf(await requestToken(mock.tokenUrl))).toBe(Date.UTC(2030, 0, 1));
  });
});
