import { InvalidResponseError } from './errors';

/** Largest token response body accepted, bytes (1 MiB). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The body text, or why it could not be read. */
export type BodyResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: 'too-large' | 'truncated'; readonly cause?: unknown };

/**
 * Read a response body as UTF-8, at most {@link MAX_BODY_BYTES}. A body that ends early (the
 * connection dropped mid-way) is reported as `truncated`; abort errors (timeout) are rethrown.
 */
export async function readBody(res: Response, signal: AbortSignal): Promise<BodyResult> {
  const length = Number(res.headers.get('content-length'));
  if (Number.isFinite(length) && length > MAX_BODY_BYTES) {
    await res.body?.cancel().catch(() => undefined);
    return { ok: false, reason: 'too-large' };
  }
  if (res.body === null) return { ok: true, text: '' };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, reason: 'too-large' };
      }
      chunks.push(value);
    }
  } catch (error) {
    if (signal.aborted) throw error;
    return { ok: false, reason: 'truncated', cause: error };
  }
  return { ok: true, text: new TextDecoder().decode(Buffer.concat(chunks)) };
}

/** The {@link InvalidResponseError} for a body that could not be read. */
export function bodyError(
  result: Extract<BodyResult, { ok: false }>,
  status: number,
  where: string,
): InvalidResponseError {
  if (result.reason === 'too-large') {
    return new InvalidResponseError(
      `Token endpoint answered ${status} with a body over ${MAX_BODY_BYTES} bytes (${where})`,
      { status },
    );
  }
  return new InvalidResponseError(
    `Token endpoint answered ${status} but the body was truncated: the connection closed early (${where})`,
    { status, retryable: true, cause: result.cause },
  );
}
