import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type AdumoOAuthError, isAdumoOAuthError } from '../src';
import { Clock, fakeFetch, makeManager } from './helpers';

function held() {
  let release!: () => void;
  const promise = new Promise<void>((r) => (release = r));
  return { hold: () => promise, release };
}

describe('cancellation (behaviour 7)', () => {
  it("a caller's abort rejects only that caller; the shared refresh and others go on", async () => {
    const clock = new Clock();
    const gate = held();
    const endpoint = fakeFetch(clock, [], { hold: gate.hold });
    const { manager } = makeManager(clock, endpoint.fetch);
    const controller = new AbortController();
    const aborted = manager.getToken({ signal: controller.signal });
    const other = manager.getToken();
    controller.abort(new Error('client went away'));
    const error = (await aborted.catch((e: unknown) => e)) as AdumoOAuthError;
    expect(isAdumoOAuthError(error, 'aborted')).toBe(true);
    expect(error.code).toBe('aborted');
    expect(isAdumoOAuthError(error)).toBe(true);
    expect((error.cause as Error).message).toBe('client went away');
    expect(endpoint.calls[0]!.init.signal?.aborted).toBe(false);
    gate.release();
    const token = await other;
    expect(token.value).toBe(endpoint.issued[0]);
    expect(endpoint.calls).toHaveLength(1);
    expect(
      isAdumoOAuthError(
        await manager.getToken({ signal: controller.signal }).catch((e: unknown) => e),
        'aborted',
      ),
    ).toBe(true);
  });

  it('an already-aborted signal rejects at once without a request', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock);
    const { manager } = makeManager(clock, endpoint.fetch);
    await expect(manager.getToken({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'aborted',
    });
    expect(endpoint.calls).toHaveLength(0);
    await manager.getToken();
    await expect(manager.getToken({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'aborted',
    });
    expect(endpoint.calls).toHaveLength(1);
  });

  it('leaves no abort listener behind once the shared refresh settles', async () => {
    const clock = new Clock();
    const gate = held();
    const endpoint = fakeFetch(clock, [], { hold: gate.hold });
    const { manager } = makeManager(clock, endpoint.fetch);
    const controller = new AbortController();
    const waits = Array.from({ length: 100 }, () =>
      manager.getToken({ signal: controller.signal }),
    );
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(100);
    gate.release();
    await Promise.all(waits);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    for (let i = 0; i < 100; i++) await manager.getToken({ signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('an aborted waiter does not cancel a forced refresh either', async () => {
    const clock = new Clock();
    const gate = held();
    const endpoint = fakeFetch(clock, [], { hold: gate.hold });
    const { manager } = makeManager(clock, endpoint.fetch);
    const controller = new AbortController();
    const forced = manager.getToken({ forceRefresh: true, signal: controller.signal });
    controller.abort();
    await expect(forced).rejects.toMatchObject({ code: 'aborted' });
    gate.release();
    await new Promise((r) => setTimeout(r, 5));
    expect(manager.peek()?.value).toBe(endpoint.issued[0]);
    expect(manager.stats()).toMatchObject({ refreshes: 1, failures: 0 });
  });
});
