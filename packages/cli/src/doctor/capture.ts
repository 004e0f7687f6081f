import type { FetchFunction } from '@adumo-oauth/core';
import { readBody } from '@adumo-oauth/core/adapter';

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

/**
 * A `fetch` for core's TokenManager that records the answer's status, `Date` and token fields.
 * The copy of the body is read alongside the manager's own read and like it (the core's bounded
 * reader: 1 MiB at most, 64 KiB of an error answer, the rest cancelled), so an endless body from a
 * hostile endpoint costs a bounded read; `last()` settles once that copy has been read.
 */
export function capturingFetch(
  base: FetchFunction,
  now: () => number = Date.now,
): {
  readonly fetch: FetchFunction;
  readonly last: () => Promise<CapturedExchange | undefined>;
} {
  let last: Promise<CapturedExchange> | undefined;
  const fetch: FetchFunction = async (input, init) => {
    const sentAt = now();
    const res = await base(input, init);
    const receivedAt = now();
    const copy = res.clone();
    last = fieldsOf(copy, init?.signal ?? undefined).then((body) => ({
      sentAt,
      receivedAt,
      status: res.status,
      date: res.headers.get('date') ?? undefined,
      tokenType: body?.['token_type'],
      expiresIn: body?.['expires_in'],
      scope: body?.['scope'],
      isJson: body !== undefined,
    }));
    return res;
  };
  return { fetch, last: () => last ?? Promise.resolve(undefined) };
}

/** The JSON object in `res`'s body (bounded read), or `undefined`. Never rejects. */
async function fieldsOf(
  res: Response,
  signal: AbortSignal | undefined,
): Promise<Record<string, unknown> | undefined> {
  try {
    const read = await readBody(res, signal ?? new AbortController().signal);
    const parsed = read.ok ? (JSON.parse(read.text) as unknown) : undefined;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
