/**
 * Whether the body of `new Request(input, init)` can be built a second time for a retry.
 *
 * Replayable: no body, `string`, `URLSearchParams`, `ArrayBuffer`, typed arrays/`DataView`,
 * `Blob`/`File` and `FormData` given in `init.body`. Never replayable: streams, async iterables and
 * the body of a `Request` passed as `input` (it may be a stream; the caller's object is only cloned).
 */
export function hasReplayableBody(input: string | URL | Request, init?: RequestInit): boolean {
  const body = init?.body;
  if (body === undefined || body === null) {
    return !(input instanceof Request) || input.body === null;
  }
  return (
    typeof body === 'string' ||
    body instanceof URLSearchParams ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof Blob ||
    body instanceof FormData
  );
}
