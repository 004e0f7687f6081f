const closing = new WeakMap<object, Promise<void>>();

/**
 * Call `resource.close()` if it has one, at most once per object for the whole process (a store
 * shared by several registrations is closed once); later calls wait for the same promise.
 */
export function closeOnce(resource: unknown): Promise<void> {
  if (typeof resource !== 'object' || resource === null) return Promise.resolve();
  const close = (resource as { close?: unknown }).close;
  if (typeof close !== 'function') return Promise.resolve();
  let done = closing.get(resource);
  if (done === undefined) {
    done = Promise.resolve()
      .then(() => close.call(resource))
      .then(() => undefined);
    closing.set(resource, done);
  }
  return done;
}
