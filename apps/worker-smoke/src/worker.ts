/**
 * A Cloudflare Worker (ES module syntax) that pays through Adumo with @adumo-oauth/core and
 * @adumo-oauth/fetch — no `nodejs_compat`, no compatibility flags.
 *
 * One `TokenManager` per isolate, created on the first request from the Worker's bindings, so
 * every request the isolate serves shares one cached token. Each request asks for the token with
 * `background: (p) => ctx.waitUntil(p)`: a refresh that call starts ahead of expiry is handed to
 * the platform, so it may finish after the response, and this request answers at once with the
 * still-valid cached token.
 *
 * Bindings (e.g. `[vars]` and secrets in the Wrangler config):
 * - `TOKEN_URL`: the token endpoint, e.g. `https://staging-apiv3.adumoonline.com/oauth/token`;
 * - `API_URL`: the API host, e.g. `https://staging-apiv3.adumoonline.com`;
 * - `CLIENT_ID`, `CLIENT_SECRET`: the OAuth client (keep the secret a Worker secret).
 *
 * Every request answers JSON `{ ok, status, jti }`: whether the card API accepted the call, its
 * HTTP status and the `jti` of the token the request used (never the token itself).
 */
import { TokenManager, isAdumoOAuthError } from '@adumo-oauth/core';
import { createAuthorizedFetch } from '@adumo-oauth/fetch';

/** The bindings this Worker reads. */
export interface Env {
  readonly TOKEN_URL: string;
  readonly API_URL: string;
  readonly CLIENT_ID: string;
  readonly CLIENT_SECRET: string;
}

/** The part of the Workers `ExecutionContext` this Worker uses. */
export interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** What every request answers. */
export interface SmokeAnswer {
  readonly ok: boolean;
  readonly status: number;
  readonly jti: string | null;
  /** The core's error code when no token could be had (`token_endpoint`, `network`, …). */
  readonly code?: string;
}

let tokens: TokenManager | undefined;
let adumoFetch: typeof fetch | undefined;

/** The isolate's one manager and authorized fetch, made from the bindings on first use. */
function adumo(env: Env): { tokens: TokenManager; adumoFetch: typeof fetch } {
  tokens ??= new TokenManager({
    tokenUrl: env.TOKEN_URL,
    clientId: env.CLIENT_ID,
    clientSecret: env.CLIENT_SECRET,
  });
  adumoFetch ??= createAuthorizedFetch(tokens);
  return { tokens, adumoFetch };
}

/** The Worker: one card `initiate` call per request. */
const worker = {
  async fetch(_request: Request, env: Env, ctx: WorkerContext): Promise<Response> {
    const { tokens, adumoFetch } = adumo(env);
    try {
      // A refresh this call starts is the platform's to finish, not this request's.
      const token = await tokens.getToken({ background: (p) => ctx.waitUntil(p) });
      const res = await adumoFetch(`${env.API_URL}/products/payments/v1/card/initiate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 1500, merchantReference: 'worker-smoke' }),
      });
      await res.body?.cancel();
      const answer: SmokeAnswer = { ok: res.ok, status: res.status, jti: token.jti ?? null };
      return Response.json(answer, { status: res.ok ? 200 : 502 });
    } catch (error) {
      // No token could be had: nothing was sent. The message is redacted by the core.
      if (!isAdumoOAuthError(error)) throw error;
      const answer: SmokeAnswer = { ok: false, status: 502, jti: null, code: error.code };
      return Response.json(answer, { status: 502 });
    }
  },
};

export default worker;
