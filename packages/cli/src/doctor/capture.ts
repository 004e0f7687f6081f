import type { FetchFunction } from '@adumo-oauth/core';

/** What the doctor saw of the token endpoint's last answer (never the access token). */
export interface CapturedExchange {
  /** Local clock when the request was sent / its answer arrived, epoch ms. */
  readonly sentAt: number;
  readonly receivedAt: number;
  readonly status: number;
  /** The `Date` header, if any. */
  readonly date: string | undefined;
  /** Fields of a JSON body, when it was one: never `access_token`. */
  readonly tokenType: unknown;
  readonly expiresIn: unknown;
  readonly scope: unknown;
  readonly isJson: boolean;
}

/** A `fetch` for core's TokenManager that records the answer's status, `Date` and token fields. */
export function capturingFetch(
  base: FetchFunction,
  now: () => number = Date.now,
): { readonly fetch: FetchFunction; readonly last: () => CapturedExchange | undefined } {
  let last: CapturedExchange | undefined;
  const fetch: FetchFunction = async (input, init) => {
    const sentAt = now();
    const res = await base(input, init);
    const receivedAt = now();
    let body: Record<string, unknown> | undefined;
    try {
      const parsed = (await res.clone().json()) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        body = parsed as Record<string, unknown>;
      }
    } catch {
      body = undefined;
    }
    last = {
      sentAt,
      receivedAt,
      status: res.status,
      date: res.headers.get('date') ?? undefined,
      tokenType: body?.['token_type'],
      expiresIn: body?.['expires_in'],
      scope: body?.['scope'],
      isJson: body !== undefined,
    };
    return res;
  };
  return { fetch, last: () => last };
}
