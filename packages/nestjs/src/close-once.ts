const closing = new WeakMap<object, Promise<void>>();

/**
 * Call `resource.close()` if it has one, at most once per object for the whole process (a store
 * shared by several registrations is closed once); later calls wait for the same promise.
 */
export function closeOnce(resource: unknown): Promise<void> {
  if (typeof resource !== 'object' || resource === null) return Promise.resolve();
  const closable = resource as { close?: unknown };
  if (typeof closable.close !== 'function') return Promise.resolve();
  let done = closing.get(resource);
  if (done === undefined) {
    done = (async () => {
      await (closable as { close(): unknown }).close();
    })();
    closing.set(resource, done);
  }
  return done;
}
