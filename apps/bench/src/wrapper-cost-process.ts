/**
 * Child-process entry of the wrapper-overhead scenario: the wrappers' own cost per call, with a
 * fetch that answers at once, so no socket or server noise is in the figure. `globalThis.fetch`
 * is replaced before `@adumo-oauth/fetch` loads (it takes the platform's fetch as it finds it
 * then), so the authorized fetch runs exactly its path for the platform's fetch.
 */
import { serveIpc } from './harness/ipc';
import { apiRequest } from './harness/api';
import type { DriverConfig } from './drivers/types';

/** ns per call of each side, medians of `rounds` rounds of `ops` calls. */
export interface WrapperCost {
  readonly oursNs: number;
  readonly idealNs: number;
  readonly plainNs: number;
}

async function measure(config: DriverConfig, ops: number, rounds: number): Promise<WrapperCost> {
  const answer = { status: 200, arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)) };
  let authorized = 0;
  const instant = (_input: unknown, init?: RequestInit): Promise<Response> => {
    const headers = init?.headers;
    const value =
      headers instanceof Headers
        ? headers.get('authorization')
        : (headers as Record<string, string> | undefined)?.['authorization'];
    if (value?.startsWith('Bearer ') === true) authorized++;
    return Promise.resolve(answer as unknown as Response);
  };
  const platform = globalThis.fetch;
  globalThis.fetch = instant;
  try {
    const [{ TokenManager }, { createAuthorizedFetch }, { idealDriver }] = await Promise.all([
      import('@adumo-oauth/core'),
      import('@adumo-oauth/fetch'),
      import('./drivers/ideal'),
    ]);
    // The token comes from the real mock once (the platform's fetch), then every call is a hit.
    const { baseUrl, clientId, clientSecret } = config;
    const tokens = new TokenManager({ baseUrl, clientId, clientSecret, fetch: platform });
    const ideal = idealDriver.create({ ...config });
    const token = (await tokens.getToken()).value;
    globalThis.fetch = platform;
    await ideal.getToken();
    globalThis.fetch = instant;
    const ours = createAuthorizedFetch(tokens);
    type Send = (url: string, init: RequestInit) => Promise<Response>;
    const sides: Record<keyof WrapperCost, Send> = {
      oursNs: ours,
      idealNs: ideal.fetch,
      plainNs: (url, init) =>
        fetch(url, {
          ...init,
          headers: {
            ...(init.headers as Record<string, string>),
            authorization: `Bearer ${token}`,
          },
        }),
    };
    const loop = async (send: Send): Promise<number> => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < ops; i++) {
        const [url, init] = apiRequest(config.baseUrl);
        await (await send(url, init)).arrayBuffer();
      }
      return Number(process.hrtime.bigint() - start) / ops;
    };
    const names = Object.keys(sides) as (keyof WrapperCost)[];
    const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<
      keyof WrapperCost,
      number[]
    >;
    for (const name of names) await loop(sides[name]); // warm-up
    for (let round = 0; round < rounds; round++)
      for (const name of round % 2 === 0 ? names : [...names].reverse())
        times[name].push(await loop(sides[name]));
    if (authorized !== ops * names.length * (rounds + 1))
      throw new Error(`expected every call to carry a bearer token, ${authorized} did`);
    await tokens.close();
    await ideal.close();
    const median = (list: number[]): number =>
      [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? Number.NaN;
    return {
      oursNs: median(times.oursNs),
      idealNs: median(times.idealNs),
      plainNs: median(times.plainNs),
    };
  } finally {
    globalThis.fetch = platform;
  }
}

serveIpc({ measure });
process.on('disconnect', () => process.exit(0));
