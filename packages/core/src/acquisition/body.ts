/**
 * Reading an answer's body, bounded: the token endpoint's (by the acquisition) and any other a
 * hostile server could make endless (the CLI's copies).
 */
/** Largest token response body accepted, bytes (1 MiB). */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * How much of an error answer's body is read (64 KiB): OAuth errors are a few hundred bytes, and
 * a failure must stay cheap when a server sends a huge one (the rest is never read or parsed).
 */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * The body as UTF-8 `text` (`cut`: only the first 64 KiB of an error answer was read, the rest
 * cancelled), or why it could not be read: `too-large` (over 1 MiB) or `truncated` (it ended
 * early; `cause`: the read error).
 */
export type BodyResult =
  | {
      /** The body was read. */
      readonly ok: true;
      /** The body as UTF-8 text. */
      readonly text: string;
      /** Only the first 64 KiB of an error answer was read; the rest was cancelled. */
      readonly cut?: boolean;
    }
  | {
      /** The body could not be read. */
      readonly ok: false;
      /** `too-large`: over 1 MiB; `truncated`: the body ended early. */
      readonly reason: 'too-large' | 'truncated';
      /** The read error of a `truncated` body. */
      readonly cause?: unknown;
    };

/**
 * Read a response body as UTF-8, at most 1 MiB; of an error answer (not 2xx) only the first
 * 64 KiB, the rest cancelled (`cut`). A body that ends early (the connection dropped mid-way) is
 * reported as `truncated`; abort errors (timeout) are rethrown.
 */
export async function readBody(res: Response, signal: AbortSignal): Promise<BodyResult> {
  const errorAnswer = res.status < 200 || res.status > 299;
  const max = errorAnswer ? MAX_ERROR_BODY_BYTES : MAX_BODY_BYTES;
  const length = Number(res.headers.get('content-length'));
  if (!errorAnswer && Number.isFinite(length) && length > MAX_BODY_BYTES) {
    await res.body?.cancel().catch(() => undefined);
    return { ok: false, reason: 'too-large' };
  }
  if (res.body === null) return { ok: true, text: '' };
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => undefined);
        if (!errorAnswer) return { ok: false, reason: 'too-large' };
        const keep = value.subarray(0, value.byteLength - (size - max));
        return { ok: true, text: text + decoder.decode(keep), cut: true };
      }
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    if (signal.aborted) throw error;
    return { ok: false, reason: 'truncated', cause: error };
  }
  return { ok: true, text: text + decoder.decode() };
}
