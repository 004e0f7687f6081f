import type { RedisTokenStoreClient } from '../../src/index';

/** A client adapter around another one that counts calls per command and can override some. */
export function spyClient(
  inner: RedisTokenStoreClient,
  overrides: Partial<RedisTokenStoreClient> = {},
): { readonly client: RedisTokenStoreClient; readonly calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const count = (name: string): void => {
    calls[name] = (calls[name] ?? 0) + 1;
  };
  const pick = <K extends keyof RedisTokenStoreClient>(name: K): RedisTokenStoreClient[K] =>
    overrides[name] ?? inner[name];
  const client: RedisTokenStoreClient = {
    get: (key) => (count('get'), pick('get')(key)),
    set: (key, value, options) => (count('set'), pick('set')(key, value, options)),
    del: (key) => (count('del'), pick('del')(key)),
    evalScript: (script, keys, args) => (
      count('evalScript'),
      pick('evalScript')(script, keys, args)
    ),
    publish: (channel, message) => (count('publish'), pick('publish')(channel, message)),
    subscribe: (channel, listener) => (count('subscribe'), pick('subscribe')(channel, listener)),
    close: () => pick('close')(),
  };
  return { client, calls };
}
