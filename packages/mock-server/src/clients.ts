import { ADUMO_AUTHORITIES } from './authorities';
import type { MockClient, MockClientConfig, MockClients } from './types';

const DEFAULT_LIFETIME_SECONDS = 599999;

function resolve(config: MockClientConfig): MockClient {
  if (typeof config.clientId !== 'string' || config.clientId === '') {
    throw new TypeError('clientId must be a non-empty string');
  }
  if (typeof config.clientSecret !== 'string') throw new TypeError('clientSecret must be a string');
  const lifetime = config.tokenLifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS;
  if (!Number.isFinite(lifetime))
    throw new TypeError('tokenLifetimeSeconds must be a finite number');
  return Object.freeze({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorities: Object.freeze([...(config.authorities ?? ADUMO_AUTHORITIES)]),
    tokenLifetimeSeconds: lifetime,
    scope: Object.freeze([...(config.scope ?? ['read'])]),
  });
}

/** Decides, per lookup, whether an id that is not in the registry is an accepted client. */
export type ClientRule = (clientId: string) => MockClientConfig | undefined;

/**
 * The mutable registry behind `mock.clients`: listed clients first, then the rule (if any) for
 * ids not listed, resolved on each lookup so that thousands of merchants cost no memory.
 */
export class ClientRegistry implements MockClients {
  readonly #clients = new Map<string, MockClient>();
  readonly #rule: ClientRule | undefined;

  constructor(initial: readonly MockClientConfig[], rule?: ClientRule) {
    for (const config of initial) this.add(config);
    this.#rule = rule;
  }

  add(config: MockClientConfig): MockClient {
    const client = resolve(config);
    this.#clients.set(client.clientId, client);
    return client;
  }

  update(clientId: string, changes: Partial<Omit<MockClientConfig, 'clientId'>>): MockClient {
    const current = this.get(clientId);
    if (!current) throw new Error(`Unknown mock client: ${clientId}`);
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    return this.add({ ...current, ...defined, clientId });
  }

  get(clientId: string): MockClient | undefined {
    const listed = this.#clients.get(clientId);
    if (listed !== undefined || this.#rule === undefined) return listed;
    const config = this.#rule(clientId);
    if (config === undefined) return undefined;
    if (config.clientId !== clientId) {
      throw new TypeError(`clientRule returned a config for another client id than ${clientId}`);
    }
    return resolve(config);
  }

  list(): MockClient[] {
    return [...this.#clients.values()];
  }
}
