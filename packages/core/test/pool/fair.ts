import { testHooks } from '../../src/timers';
import { TokenPool, type TokenPoolOptions } from '../../src';
import { flush, json, makeJwt, type Clock } from '../helpers';

/** One request the endpoint holds until the test answers it. */
export interface Held {
  readonly clientId: string;
  readonly at: number;
  /** Answer it (with `status`: that status and no token). */
  answer(status?: number): void;
}

/**
 * A token endpoint whose answers the test releases: merchant `<id>`'s client id is `<id>`; ids
 * `bad(id)` get a 401, the others a token. `sent` lists the client ids in the order requests
 * reached the endpoint; with `hold: false` every request is answered at once.
 */
export function heldEndpoint(
  clock: Clock,
  bad: (clientId: string) => boolean,
  hold = true,
): {
  fetch: (url: string) => Promise<Response>;
  sent: string[];
  held: Held[];
  answer(clientId: string, status?: number): void;
} {
  const sent: string[] = [];
  const held: Held[] = [];
  const respond = (clientId: string, status?: number): Response =>
    status !== undefined
      ? json(status, { error: 'server_error' })
      : bad(clientId)
        ? json(401, { error: 'invalid_client', error_description: 'Bad client credentials' })
        : json(200, {
            access_token: makeJwt({
              exp: Math.floor(clock.ms / 1000) + 3600,
              client_id: clientId,
              jti: `${clientId}-${sent.length}`,
            }),
            token_type: 'bearer',
            expires_in: 3600,
          });
  const fetch = (url: string): Promise<Response> => {
    const clientId = new URL(url).searchParams.get('client_id') ?? '?';
    sent.push(clientId);
    if (!hold) return Promise.resolve(respond(clientId));
    return new Promise<Response>((resolve) => {
      const entry: Held = {
        clientId,
        at: clock.ms,
        answer: (status?: number) => {
          held.splice(held.indexOf(entry), 1);
          resolve(respond(clientId, status));
        },
      };
      held.push(entry);
    });
  };
  const answer = (clientId: string, status?: number): void => {
    const entry = held.find((h) => h.clientId === clientId);
    if (entry === undefined) throw new Error(`no request of ${clientId} is held`);
    entry.answer(status);
  };
  return { fetch, sent, held, answer };
}

/**
 * Sleeps that end when the test moves the clock past them (`advance`), so what waits for time
 * (the gate's rate) stays waiting while the test looks.
 */
export class FakeTimers {
  readonly #timers: { at: number; resolve: () => void }[] = [];
  constructor(private readonly clock: Clock) {}

  readonly sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => this.#timers.push({ at: this.clock.ms + ms, resolve }));

  /** Move the clock `ms` forward, ending each sleep at its time (promises settled in between). */
  async advance(ms: number): Promise<void> {
    const target = this.clock.ms + ms;
    for (;;) {
      this.#timers.sort((a, b) => a.at - b.at);
      const next = this.#timers[0];
      if (next === undefined || next.at > target) break;
      this.#timers.shift();
      this.clock.ms = Math.max(this.clock.ms, next.at);
      next.resolve();
      await flush();
    }
    this.clock.ms = target;
    await flush();
  }
}

/**
 * A pool over `fetch` with a fake clock: sleeps advance it (or are `timers`' sleeps); merchant
 * `<id>` has client id `<id>`.
 */
export function fairPool(
  clock: Clock,
  fetch: (url: string) => Promise<Response>,
  overrides: Partial<TokenPoolOptions> = {},
  timers?: FakeTimers,
): { pool: TokenPool; lookups: string[] } {
  const lookups: string[] = [];
  const pool = new TokenPool({
    baseUrl: 'https://auth.example.test',
    credentials: (id) => {
      lookups.push(id);
      return { clientId: id, clientSecret: `secret-of-${id}` };
    },
    fetch,
    now: clock.now,
    ...testHooks({
      random: () => 0.5,
      sleep:
        timers?.sleep ??
        ((ms: number) => {
          clock.advance(ms);
          return Promise.resolve();
        }),
    }),
    ...overrides,
  });
  return { pool, lookups };
}

/** Call `ids` once each, ignoring the outcome (failures are expected). */
export function callAll(pool: TokenPool, ids: readonly string[]): Promise<unknown> {
  return Promise.all(ids.map((id) => pool.getToken(id).catch(() => undefined)));
}

/** Answer every held request, round after round, until `work` settles. */
export async function drain(endpoint: { held: Held[] }, work: Promise<unknown>): Promise<void> {
  let done = false;
  void work.finally(() => (done = true));
  for (let round = 0; round < 10_000 && !done; round++) {
    await flush();
    for (const h of [...endpoint.held]) h.answer();
  }
  await work;
}

export { flush };
