import { ConfigError } from '@adumo-oauth/core';

/**
 * An optional peer dependency this package needs for the feature you called is not installed,
 * e.g. `ioredis` for `RedisTokenStore.fromUrl()`. A core `ConfigError` (`code: "config"`) whose
 * message says what to install; the loader's own error is the `cause`.
 */
export class MissingPeerDependencyError extends ConfigError {
  /** The package to install, e.g. `"ioredis"`. */
  readonly peer: string;
  /** The command that fixes it, e.g. `"npm install ioredis"`. */
  readonly install: string;

  constructor(peer: string, feature: string, cause?: unknown) {
    const install = `npm install ${peer}`;
    super(
      `${feature} needs the optional peer dependency "${peer}", which is not installed: run \`${install}\``,
      { cause },
    );
    this.peer = peer;
    this.install = install;
  }
}
Object.defineProperty(MissingPeerDependencyError.prototype, 'name', {
  value: 'MissingPeerDependencyError',
  configurable: true,
  writable: true,
});

/** Whether `error` says that `specifier` itself (not one of its own dependencies) was not found. */
function isNotFound(error: unknown, specifier: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return error.message.includes(`'${specifier}'`) || error.message.includes(`"${specifier}"`);
}

/**
 * `import(specifier)`, turning "not installed" into a {@link MissingPeerDependencyError} for
 * `feature` (any other loading failure is rethrown as is). Use it for every optional peer.
 */
export async function importOptionalPeer<T>(
  specifier: string,
  feature: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isNotFound(error, specifier))
      throw new MissingPeerDependencyError(specifier, feature, error);
    throw error;
  }
}
