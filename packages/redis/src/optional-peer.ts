import { AdumoOAuthError } from '@adumo-oauth/core';
import { setErrorName } from '@adumo-oauth/core/adapter';

/**
 * An optional peer dependency this package needs for the feature you called is not installed,
 * e.g. `ioredis` for `RedisTokenStore.fromUrl()`. A core `AdumoOAuthError` with `code: "config"`
 * whose message says what to install; the loader's own error is the `cause`.
 */
export class MissingPeerDependencyError extends AdumoOAuthError {
  /** The package to install, e.g. `"ioredis"`. */
  readonly peer: string;
  /** The command that fixes it, e.g. `"npm install ioredis"`. */
  readonly install: string;

  constructor(peer: string, feature: string, cause?: unknown) {
    const install = `npm install ${peer}`;
    super(
      'config',
      `${feature} needs the optional peer dependency "${peer}", which is not installed: run \`${install}\``,
      { cause },
    );
    this.peer = peer;
    this.install = install;
  }
}
setErrorName(MissingPeerDependencyError, 'MissingPeerDependencyError');
