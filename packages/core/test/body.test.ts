import { describe, expect, it } from 'vitest';
import { type AdumoOAuthError, isAdumoOAuthError } from '../src';

/** The body cap of `acquisition/response.ts` (1 MiB). */
const MAX_BODY_BYTES = 1024 * 1024;
import { Clock, SUCCESS, fakeFetch, makeManager } from './helpers';

/** A streamed body of `bytes` bytes in 64 KiB chunks, optionally failing after `failAfter` bytes. */
function streamed(bytes: number, failAfter?: number): Response {
  let sent = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfter !== undefined && sent >= failAfter) {
        controller.error(new TypeError('terminated'));
        return;
      }
      if (sent >= bytes) {
        controller.close();
        return;
      }
      const n = Math.min(chunk.length, bytes - sent);
      sent += n;
      controller.enqueue(chunk.subarray(0, n));
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
}

describe('response body limits (behaviour 8)', () => {
  it('a body over 1 MiB is an invalid_response, not retried, whatever its declared length', async () => {
    const clock = new Clock();
    const declared = () =>
      new Response('{}', {
        headers: {
          'content-type': 'application/json',
          'content-length': String(MAX_BODY_BYTES + 1),
        },
      });
    for (const responder of [() => streamed(MAX_BODY_BYTES + 1), declared]) {
      const endpoint = fakeFetch(clock, [responder, SUCCESS]);
      const { manager } = makeManager(clock, endpoint.fetch);
      const error = (await manager.getToken().catch((e: unknown) => e)) as AdumoOAuthError;
      expect(isAdumoOAuthError(error, 'invalid_response')).toBe(true);
      expect([error.code, error.status, error.retryable]).toEqual(['invalid_response', 200, false]);
      expect(error.message).toMatch(/^Token endpoint answered 200 with a body over 1048576 bytes/);
      expect(endpoint.calls).toHaveLength(1);
    }
  });

  it('a body of exactly 1 MiB is read (and then judged on its content)', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock, [() => streamed(MAX_BODY_BYTES)]);
    const { manager } = makeManager(clock, endpoint.fetch);
    // 1 MiB of spaces: read in full, then rejected for what it is, not for its size.
    await expect(manager.getToken()).rejects.toThrow(/but the body is an empty body, not JSON/);
  });

  it('a body cut short is an invalid_response that is retried', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock, [() => streamed(200_000, 64 * 1024), SUCCESS]);
    const { manager } = makeManager(clock, endpoint.fetch);
    const retries: unknown[] = [];
    manager.on('retry', (e) => retries.push(e.error));
    const token = await manager.getToken();
    expect(token.value).toBe(endpoint.issued[0]);
    expect(endpoint.calls).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ code: 'invalid_response', retryable: true });
    expect((retries[0] as Error).message).toMatch(
      /body was truncated: the connection closed early/,
    );
  });
});
