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

/** The mutable registry behind `mock.clients`. */
export class ClientRegistry implements MockClients {
  readonly #clients = new Map<string, MockClient>();

  constructor(initial: readonly MockClientConfig[]) {
    for (const config of initial) this.add(config);
  }

  add(config: MockClientConfig): MockClient {
    const client = resolve(config);
    this.#clients.set(client.clientId, client);
    return client;
  }

  update(clientId: string, changes: Partial<Omit<MockClientConfig, 'clientId'>>): MockClient {
    const current = this.#clients.get(clientId);
    if (!current) throw new Error(`Unknown mock client: ${clientId}`);
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    return this.add({ ...current, ...defined, clientId });
  }

  get(clientId: string): MockClient | undefined {
    return this.#clients.get(clientId);
  }

  list(): MockClient[] {
    return [...this.#clients.values()];
  }
}
