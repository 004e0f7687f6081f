import type { Dispatcher } from 'undici';

type HeaderValue = string | string[];
type Entry = readonly [string, HeaderValue];

/**
 * A request's headers as undici's dispatch options give them (a record, a flat `[name, value, …]`
 * array, or an iterable of pairs), read once into entries. The caller's object is never changed:
 * {@link RequestHeaders.with} builds a new record.
 * @internal
 */
export class RequestHeaders {
  readonly #entries: readonly Entry[];

  constructor(given: Dispatcher.DispatchOptions['headers']) {
    this.#entries = entriesOf(given);
  }

  /** The first value of `name` (case-insensitive), or `undefined`. */
  get(name: string): string | undefined {
    const lower = name.toLowerCase();
    for (const [key, value] of this.#entries) {
      if (key.toLowerCase() === lower) return Array.isArray(value) ? value[0] : value;
    }
    return undefined;
  }

  /** A new header record: these headers without `drop`, plus `authorization`. */
  with(authorization: string, drop: string | undefined): Record<string, HeaderValue> {
    const out: Record<string, HeaderValue> = {};
    for (const [key, value] of this.#entries) {
      if (drop !== undefined && key.toLowerCase() === drop) continue;
      const had = out[key];
      out[key] = had === undefined ? value : [...[had].flat(), ...[value].flat()];
    }
    out.authorization = authorization;
    return out;
  }
}

function entriesOf(given: unknown): Entry[] {
  if (given === null || given === undefined) return [];
  const entries: Entry[] = [];
  if (Array.isArray(given) && (given.length === 0 || !Array.isArray(given[0]))) {
    // The flat form: [name, value, name, value, …].
    for (let i = 0; i + 1 < given.length; i += 2) push(entries, given[i], given[i + 1]);
    return entries;
  }
  if (typeof (given as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const pair of given as Iterable<readonly [unknown, unknown]>)
      push(entries, pair[0], pair[1]);
    return entries;
  }
  for (const [key, value] of Object.entries(given)) push(entries, key, value);
  return entries;
}

function push(entries: Entry[], key: unknown, value: unknown): void {
  if (value === undefined || value === null) return;
  const name = text(key);
  entries.push([name, Array.isArray(value) ? value.map(text) : text(value)]);
}

/** A header name or value as text: undici takes strings, and also numbers and buffers. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('latin1');
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}
