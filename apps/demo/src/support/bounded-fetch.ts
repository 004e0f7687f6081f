import type { FetchLike } from '@adumo-oauth/fetch';

const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * A `fetch` with at most `max` requests on the wire at once; the others queue (first in, first
 * out) until one ends. Like an HTTP agent's socket limit: thousands of concurrent checkouts do not
 * open thousands of sockets at once. Each answer's body is read inside its slot (so the socket is
 * free when the slot is) and handed back buffered: meant for small JSON answers.
 */
export function boundedFetch(
  max: number,
  inner: FetchLike = (input, init) => fetch(input, init),
): FetchLike {
  let active = 0;
  const queue: (() => void)[] = [];
  const acquire = (): Promise<void> | undefined => {
    if (active < max) {
      active++;
      return undefined;
    }
    return new Promise<void>((resolve) => queue.push(resolve));
  };
  const release = (): void => {
    const next = queue.shift();
    if (next === undefined) active--;
    else next(); // the slot passes straight to the next request in line
  };
  return async (input, init) => {
    await acquire();
    try {
      const res = await inner(input, init);
      const body = NULL_BODY.has(res.status) ? null : await res.arrayBuffer();
      return new Response(body, {
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
      });
    } finally {
      release();
    }
  };
}
