import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT, startMockAdumo } from '../src/index';
import { credentialsQuery, requestToken } from './helpers';

describe('lifecycle', () => {
  it('listens on 127.0.0.1 with a free port by default and exposes its URLs', async () => {
    const mock = await startMockAdumo();
    try {
      expect(mock.baseUrl).toBe(`http://127.0.0.1:${mock.port}`);
      expect(mock.tokenUrl).toBe(`${mock.baseUrl}/oauth/token`);
      expect(mock.port).toBeGreaterThan(0);
      expect(mock.clients.list()).toEqual([DEFAULT_CLIENT]);
    } finally {
      await mock.close();
    }
  });

  it('listens on a requested port, and rejects when it is taken', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await expect(startMockAdumo({ port })).rejects.toThrow(/EADDRINUSE/);
    await new Promise<void>((r) => probe.close(() => r()));
    const mock = await startMockAdumo({ port });
    expect(mock.port).toBe(port);
    await mock.close();
  });

  it('holds any number of delayed responses without a MaxListenersExceededWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const mock = await startMockAdumo();
    try {
      mock.faults.latency(30, { target: 'token' });
      const answers = await Promise.all(
        Array.from({ length: 25 }, () => requestToken(mock.tokenUrl).then((r) => r.status)),
      );
      expect(answers).toEqual(Array(25).fill(200));
      await new Promise((r) => setImmediate(r));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
      await mock.close();
    }
  });

  it('close() ends hanging and delayed requests and is idempotent', async () => {
    const mock = await startMockAdumo();
    mock.faults.nextTokenResponses('hang');
    const hanging = fetch(`${mock.tokenUrl}?${credentialsQuery()}`, { method: 'POST' }).then(
      () => 'answered',
      () => 'failed',
    );
    const deadline = Date.now() + 5000;
    while (mock.stats.tokenRequests < 1 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    mock.faults.latency(60_000);
    const delayed = requestToken(mock.tokenUrl).then(
      () => 'answered',
      () => 'failed',
    );
    while (mock.stats.tokenRequests < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    await Promise.all([mock.close(), mock.close()]);
    expect(await Promise.all([hanging, delayed])).toEqual(['failed', 'failed']);
    await expect(fetch(mock.baseUrl)).rejects.toThrow();
  }, 10_000);
});
