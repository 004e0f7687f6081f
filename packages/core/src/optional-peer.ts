/**
 * Optional peer dependencies: telling "that package is not installed" from every other loading
 * failure, the one rule the Redis store and the NestJS module share. No Node API: the caller passes
 * its own `import()`, so this runs on Node, Bun, Deno and Workers alike.
 */

/** Whether `message` names `name` (or a subpath of it) the way Node's resolver quotes it. */
function names(message: string, name: string): boolean {
  return [`'${name}'`, `"${name}"`, `'${name}/`, `"${name}/`].some((q) => message.includes(q));
}

/**
 * The packages among `peers` that a "cannot find package" error (`ERR_MODULE_NOT_FOUND` from
 * `import()`, `MODULE_NOT_FOUND` from `require`) is about; `[]` for any other error, including
 * one about a package the peer itself needs but is not in `peers`.
 */
export function missingPeers<P extends string>(error: unknown, peers: readonly P[]): P[] {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return [];
  const text = typeof message === 'string' ? message : '';
  return peers.filter((peer) => names(text, peer));
}

/**
 * `load()` (the caller's `import(peer)`), turning "`peer` is not installed" into the error
 * `missing(cause)` builds (it should say what to install); any other failure is rethrown as is.
 *
 * @example
 * const ioredis = await importOptionalPeer('ioredis', () => import('ioredis'), (cause) =>
 *   new Error('RedisTokenStore.fromUrl() needs ioredis: npm install ioredis', { cause }));
 */
export async function importOptionalPeer<T>(
  peer: string,
  load: () => Promise<T>,
  missing: (cause: unknown) => Error,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (missingPeers(error, [peer]).length > 0) throw missing(error);
    throw error;
  }
}
