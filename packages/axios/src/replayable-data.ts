/**
 * Whether axios can send `data` again, unchanged, for the one retry after a 401.
 *
 * Replayable: no data, `string`, `Buffer`/`ArrayBuffer`/typed arrays/`DataView`,
 * `URLSearchParams`, and plain objects or arrays that axios serialises (JSON or URL-encoded).
 * Never replayable: streams (Node `Readable`, web `ReadableStream`), `FormData` (the platform's or
 * the `form-data` package's), `Blob`s and anything else; nor plain objects sent as
 * `multipart/form-data` (axios turns them into a form whose parts may be streams).
 */
export function hasReplayableData(data: unknown, contentType?: unknown): boolean {
  if (data === undefined || data === null) return true;
  if (typeof data === 'string') return true;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return true;
  if (data instanceof URLSearchParams) return true;
  if (typeof data !== 'object') return false;
  if (typeof contentType === 'string' && /multipart\/form-data/i.test(contentType)) return false;
  if (Array.isArray(data)) return true;
  const prototype: unknown = Object.getPrototypeOf(data);
  return prototype === Object.prototype || prototype === null;
}
