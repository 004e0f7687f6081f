import { TokenManager } from '@adumo-oauth/core';
import { createAuthorizedFetch, type FetchLike } from '@adumo-oauth/fetch';
import { adumoInterceptor } from '@adumo-oauth/undici';
import type * as Undici from 'undici';
import { adumoDriver } from '../drivers/adumo';
import { timeAlternating, timeBlock, type Send } from '../harness/abba';
import { callApi } from '../harness/api';
import { redact } from '../harness/redact';
import { nowMs } from '../harness/stats';
import { configFor } from '../harness/with-driver';
import type { MetricSpec, MetricValues, Scenario } from './types';

const pct = (key: string, label: string, target?: MetricSpec['target']): MetricSpec => ({
  key,
  label,
  unit: '%',
  better: 'lower',
  decimals: 1,
  compare: 'difference',
  target,
});
const us = (key: string, label: string): MetricSpec => ({
  key,
  label,
  unit: 'µs/call',
  better: 'lower',
  decimals: 0,
});

const METRICS: readonly MetricSpec[] = [
  pct('interceptorPct', 'interceptor (fetch) vs plain fetch', {
    text: '≤ 5%',
    met: (ours) => ours <= 5,
  }),
  pct('wrapperPct', 'fetch wrapper vs plain fetch'),
  pct('requestPct', 'interceptor (undici.request) vs plain request'),
  us('interceptorUs', 'fetch through the interceptor'),
  us('wrapperUs', 'fetch wrapper'),
  us('plainUs', 'plain fetch, fixed header'),
  us('requestUs', 'undici.request through the interceptor'),
  us('plainRequestUs', 'plain undici.request, fixed header'),
  { key: 'calls', label: 'calls each way', unit: 'count', better: 'higher', decimals: 0 },
];

const notes: string[] = [];

/** 14. Cost of the undici interceptor, next to the fetch wrapper and plain fetch (ours only). */
export const interceptorOverheadScenario: Scenario = {
  id: 'interceptor',
  title: '14. interceptor overhead',
  description:
    'Ours only (other columns n/a). One `TokenManager`, five ways of sending the same API call, ' +
    "side by side in one run on the same transport (an `Agent` of the installed undici, as Node's " +
    '`fetch` dispatcher and for `undici.request`): `fetch` on `new Agent().compose(adumoInterceptor(tokens))`; ' +
    '`createAuthorizedFetch(tokens)` over `fetch` on a plain `Agent`; plain `fetch` on it with a fixed ' +
    '`Authorization` header (the token fetched once); `undici.request` through the interceptor and ' +
    'plain with the fixed header. Alternating blocks of 100 (ABBA, the harness of row 4), at most ' +
    '15 s; overhead = time ÷ the plain time of the same API − 1.',
  metrics: METRICS,
  note: () => (notes.length > 0 ? notes.join('; ') : undefined),
  run: async (driver, { startMock, sizes }): Promise<MetricValues> => {
    const none = Object.fromEntries(METRICS.map((m) => [m.key, Number.NaN]));
    if (driver.name !== adumoDriver.name) return none;
    let undici: typeof Undici;
    try {
      undici = await import('undici'); // undici 8 needs Node 22.19 or later
    } catch (error) {
      notes.push(
        `14. n/a: undici could not be loaded on Node ${process.version}: ${redact(String(error))}`,
      );
      return none;
    }
    const mock = await startMock({});
    const config = configFor(mock);
    const tokens = new TokenManager({
      baseUrl: config.baseUrl,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
    });
    const plainAgent = new undici.Agent();
    const adumoAgent = new undici.Agent().compose(adumoInterceptor(tokens));
    try {
      const { value: token } = await tokens.getToken();
      const withToken = (init: RequestInit) => ({
        ...(init.headers as Record<string, string>),
        authorization: `Bearer ${token}`,
      });
      // Node's own fetch, as apps call it; Node 22 and 24 bundle an undici whose fetch speaks the
      // older handler API, so an undici 8 dispatcher goes in its `Dispatcher1Wrapper` there (as
      // `setGlobalDispatcher` does). Both dispatchers alike, so only the interceptor differs.
      const forNodeFetch = (dispatcher: Undici.Dispatcher): Undici.Dispatcher =>
        'Dispatcher1Wrapper' in undici && Number(process.versions.undici?.split('.')[0]) < 8
          ? new undici.Dispatcher1Wrapper(dispatcher)
          : dispatcher;
      const fetchOn = (dispatcher: Undici.Dispatcher): Send => {
        const wrapped = forNodeFetch(dispatcher);
        return (input, init) => fetch(input, { ...init, dispatcher: wrapped } as RequestInit);
      };
      const requestOn =
        (dispatcher: Undici.Dispatcher, header: boolean): Send =>
        async (input, init) => {
          const res = await undici.request(input, {
            dispatcher,
            method: 'POST',
            headers: header ? withToken(init) : (init.headers as Record<string, string>),
            body: init.body as string,
          });
          return {
            status: res.statusCode,
            arrayBuffer: () => res.body.arrayBuffer(),
          } as unknown as Response;
        };
      const plain = fetchOn(plainAgent);
      const sides: Send[] = [
        fetchOn(adumoAgent),
        createAuthorizedFetch(tokens, { fetch: plain as FetchLike }), // Request objects: Node's fetch
        (input, init) => plain(input, { ...init, headers: withToken(init) }),
        requestOn(adumoAgent, false),
        requestOn(plainAgent, true),
      ];
      const { calls, blocks, warmupCalls, budgetMs } = sizes.wrapper;
      for (const [i, side] of sides.entries()) {
        const status = await callApi(side, mock.baseUrl);
        if (status !== 200) throw new Error(`side ${i + 1} answered ${status}, not 200`);
        await timeBlock(side, mock.baseUrl, warmupCalls);
      }
      const perBlock = Math.max(1, Math.floor(calls / blocks));
      const { ms, calls: total } = await timeAlternating(sides, mock.baseUrl, {
        perBlock,
        blocks,
        deadline: nowMs() + budgetMs,
      });
      const [interceptor = NaN, wrapper = NaN, plainMs = NaN, request = NaN, plainRequest = NaN] =
        ms;
      const perCall = (m: number) => (m / total) * 1000;
      return {
        interceptorPct: (interceptor / plainMs - 1) * 100,
        wrapperPct: (wrapper / plainMs - 1) * 100,
        requestPct: (request / plainRequest - 1) * 100,
        interceptorUs: perCall(interceptor),
        wrapperUs: perCall(wrapper),
        plainUs: perCall(plainMs),
        requestUs: perCall(request),
        plainRequestUs: perCall(plainRequest),
        calls: total,
      };
    } finally {
      await adumoAgent.close();
      await plainAgent.close();
      await tokens.close();
      await mock.close();
    }
  },
};
