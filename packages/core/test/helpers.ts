import { testHooks } from '../src/timers';
import { TokenManager, type TokenManagerOptions } from '../src';

/** A recognisable client secret that must never show up anywhere. */
export const SECRET = 'S3cr3t-Needle-9f2c7e/+=&?';

/** A controllable clock. */
export class Clock {
  constructor(public ms = 1_700_000_000_000) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** An unsigned JWT-shaped token with these claims. */
export function makeJwt(claims: Record<string, unknown>): string {
  const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

/** One recorded request. */
export interface Call {
  readonly url: string;
  readonly init: RequestInit;
}

export type Responder = (call: Call, n: number) => Response | Promise<Response>;

/** A JSON response. */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json;charset=UTF-8', ...headers },
  });
}

/** A fake token endpoint: answers from `script` in order, then with `fallback`. */
export function fakeFetch(
  clock: Clock,
  script: Responder[] = [],
  options: { lifetimeSeconds?: number; fallback?: Responder; hold?: () => Promise<void> } = {},
): {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  calls: Call[];
  issued: string[];
} {
  const calls: Call[] = [];
  const issued: string[] = [];
  const lifetime = options.lifetimeSeconds ?? 3600;
  const success: Responder = () => {
    const jti = `jti-${issued.length + 1}`;
    const value = makeJwt({
      exp: Math.floor((clock.ms + lifetime * 1000) / 1000),
      jti,
      authorities: ['TRANSACTION_CREATE', 'REFUND_TRANSACTION'],
      scope: ['read'],
      client_id: 'client-1',
    });
    issued.push(value);
    return json(200, {
      access_token: value,
      token_type: 'bearer',
      expires_in: lifetime,
      scope: 'read',
      jti,
    });
  };
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const call = { url, init };
    calls.push(call);
    if (options.hold !== undefined) await options.hold();
    const responder = script.shift() ?? options.fallback ?? success;
    return responder === SUCCESS ? success(call, calls.length) : responder(call, calls.length);
  };
  return { fetch, calls, issued };
}

/** Placeholder in a script: answer with a normal token. */
export const SUCCESS: Responder = () => {
  throw new Error('SUCCESS is a marker');
};

/** A manager over a fake endpoint with a fake clock and no real sleeping. */
export function makeManager(
  clock: Clock,
  fetch: TokenManagerOptions['fetch'],
  overrides: Partial<TokenManagerOptions> = {},
): { manager: TokenManager; sleeps: number[] } {
  const sleeps: number[] = [];
  const manager = new TokenManager({
    baseUrl: 'https://auth.example.test',
    clientId: 'client-1',
    clientSecret: SECRET,
    fetch,
    now: clock.now,
    ...testHooks({
      sleep: (ms: number) => {
        sleeps.push(ms);
        clock.advance(ms);
        return Promise.resolve();
      },
      random: () => 0.5,
    }),
    ...overrides,
  });
  return { manager, sleeps };
}

/** Let pending promise callbacks run. */
export async function flush(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}
