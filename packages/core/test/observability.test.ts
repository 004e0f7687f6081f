import { describe, expect, it } from 'vitest';
import type { Logger, TokenManagerEvents } from '../src';
import { Clock, SUCCESS, fakeFetch, flush, json, makeManager } from './helpers';

describe('events, hooks, logger and stats (behaviour 10)', () => {
  it('hooks given as options and on()/off() listeners receive events; a throwing listener is contained', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock, [() => json(503, {}), SUCCESS]);
    const seen: string[] = [];
    const errors: string[] = [];
    const { manager } = makeManager(clock, endpoint.fetch, {
      hooks: {
        token: (e) => seen.push(`hook:${e.source}`),
        retry: (e) => seen.push(`retry:${e.attempt}`),
      },
      logger: { error: (m: string) => errors.push(m) },
    });
    const listener = (e: TokenManagerEvents['token']) => seen.push(`on:${e.source}`);
    const unsubscribe = manager.on('token', listener);
    manager.on('token', () => {
      throw new Error('listener bug');
    });
    await manager.getToken();
    await manager.getToken();
    unsubscribe();
    await manager.getToken();
    expect(seen).toEqual([
      'retry:1',
      'hook:network',
      'on:network',
      'hook:cache',
      'on:cache',
      'hook:cache',
    ]);
    expect(errors).toEqual(Array(3).fill('[adumo-oauth] an event listener threw: listener bug'));
  });

  it('stats() counts hits, misses, refreshes, requests, retries and failures', async () => {
    const clock = new Clock();
    const endpoint = fakeFetch(clock, [
      () => json(500, {}),
      SUCCESS,
      () => json(400, { error: 'invalid_request' }),
    ]);
    const { manager } = makeManager(clock, endpoint.fetch);
    await manager.getToken();
    await manager.getToken();
    await manager
      .getToken()
      .then(() => manager.getToken({ forceRefresh: true }))
      .catch(() => undefined);
    expect(manager.stats()).toEqual({
      hits: 2,
      misses: 2,
      refreshes: 2,
      requests: 3,
      retries: 1,
      failures: 1,
      staleServed: 0,
      storeHits: 0,
      storeErrors: 0,
      cooldownRejections: 0,
    });
    const snapshot = manager.stats();
    await manager.getToken();
    expect(snapshot.hits).toBe(2);
  });

  it('logs nothing by default and works with console-, pino- and Nest-shaped loggers', async () => {
    const clock = new Clock();
    const lines: string[] = [];
    class PinoLike {
      constructor(private readonly sink: string[]) {}
      debug(msg: string) {
        this.sink.push(`pino.debug ${msg}`);
      }
      info(msg: string) {
        this.sink.push(`pino.info ${msg}`);
      }
      warn(msg: string) {
        this.sink.push(`pino.warn ${msg}`);
      }
      error(msg: string) {
        this.sink.push(`pino.error ${msg}`);
      }
    }
    const nestLike = {
      log: (m: string) => lines.push(`nest.log ${m}`),
      warn: (m: string) => lines.push(`nest.warn ${m}`),
      debug: (m: string) => lines.push(`nest.debug ${m}`),
    };
    const consoleLike: Logger = {
      debug: (m: string) => lines.push(`console.debug ${m}`),
      info() {},
      warn: (m: string) => lines.push(`console.warn ${m}`),
      error() {},
      log() {},
    };
    for (const logger of [new PinoLike(lines), nestLike, consoleLike, undefined]) {
      const endpoint = fakeFetch(clock, [() => json(502, {}), SUCCESS]);
      await makeManager(
        clock,
        endpoint.fetch,
        logger === undefined ? {} : { logger },
      ).manager.getToken();
    }
    expect(lines.map((l) => l.replace(/ \[adumo-oauth].*/, ''))).toEqual([
      'pino.warn',
      'pino.debug',
      'nest.warn',
      'nest.debug',
      'console.warn',
      'console.debug',
    ]);
    expect(lines[0]).toMatch(/attempt 1 failed, retrying in 50 ms: Token endpoint answered 502/);
    expect(lines[1]).toMatch(
      /token from network: eyJhbG…\(\d+ chars\) jti=jti-1 expires in 3600 s/,
    );
  });

  it('keepWarm refreshes an idle manager in the background with an unref’d timer', async () => {
    const clock = Object.defineProperty(new Clock(), 'ms', { get: () => Date.now() });
    // 2 s: the shortest lifetime the default minLifetimeSeconds (1) accepts after JWT exp rounding.
    const endpoint = fakeFetch(clock, [], { lifetimeSeconds: 2 });
    const { manager } = makeManager(clock, endpoint.fetch, {
      keepWarm: true,
      now: clock.now,
      refreshWindow: { ratio: 0.9 },
    });
    const first = await manager.getToken();
    for (let i = 0; i < 100 && endpoint.calls.length < 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    await flush();
    expect(endpoint.calls.length).toBeGreaterThanOrEqual(2);
    expect(manager.peek()?.value).toBe(endpoint.issued.at(-1));
    expect(manager.peek()?.value).not.toBe(first.value);
    expect(manager.stats().failures).toBe(0);
    await manager.close();
    const after = endpoint.calls.length;
    await new Promise((r) => setTimeout(r, 250));
    expect(endpoint.calls.length).toBe(after);
  });
});
