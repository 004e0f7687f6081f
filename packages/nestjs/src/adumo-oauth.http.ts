import type { TokenSource } from '@adumo-oauth/core';
import type { AuthorizedRequestOptions } from '@adumo-oauth/fetch';
import { missingPeers } from '@adumo-oauth/core/adapter';

/** The optional peers an Adumo `HttpService` needs, in the order they are loaded. */
const HTTP_PEERS = ['@nestjs/axios', 'axios', '@adumo-oauth/axios'] as const;
type Peer = (typeof HTTP_PEERS)[number];

/** How a peer is loaded: `import()` by default; a test may hand in its own. */
export type PeerImporter = (specifier: Peer) => Promise<unknown>;

/** What the HttpService is built with: the registration's API options. */
export type AdumoHttpSettings = AuthorizedRequestOptions;

type HttpServiceClass = new (instance: unknown) => unknown;
interface NestAxiosModule {
  HttpService?: HttpServiceClass;
  default?: { HttpService?: HttpServiceClass };
}
interface AdumoAxiosModule {
  createAdumoAxios?: (
    source: TokenSource,
    config: Record<string, never>,
    options: AdumoHttpSettings,
  ) => unknown;
}

/**
 * Build one registration's `HttpService` (from `@nestjs/axios`) on a **new** axios instance made
 * by `@adumo-oauth/axios`'s `createAdumoAxios`: its calls carry this registration's token (to the
 * Adumo origin and `allowedOrigins` only); axios's global default instance is never touched.
 *
 * The three packages are optional peers, loaded only here, i.e. only for a registration with
 * `http: true`; when any is missing, the error names every package to install.
 */
export async function createAdumoHttpService(
  source: TokenSource,
  settings: AdumoHttpSettings,
  where: string,
  importer: PeerImporter = (specifier) => import(specifier),
): Promise<unknown> {
  return (await loadHttpServiceFactory(settings, where, importer))(source);
}

/**
 * Load the optional peers once (see {@link createAdumoHttpService}) and return a function that
 * builds an `HttpService` for any token source, e.g. one per merchant of a `TokenPool`.
 */
export async function loadHttpServiceFactory(
  settings: AdumoHttpSettings,
  where: string,
  importer: PeerImporter = (specifier) => import(specifier),
): Promise<(source: TokenSource) => unknown> {
  const loaded = new Map<Peer, unknown>();
  const missing = new Set<Peer>();
  for (const peer of HTTP_PEERS) {
    try {
      loaded.set(peer, await importer(peer));
    } catch (error) {
      // The peer itself, or one it needs (e.g. @nestjs/axios needs axios), is not installed.
      const absent = missingPeers(error, HTTP_PEERS);
      if (absent.length === 0) throw error;
      for (const name of absent) missing.add(name);
    }
  }
  if (missing.size > 0) {
    const names = HTTP_PEERS.filter((peer) => missing.has(peer));
    const one = names.length === 1;
    throw new Error(
      `${where}: http: true needs the optional peer ${one ? 'dependency' : 'dependencies'} ` +
        `${names.join(', ')}; install ${one ? 'it' : 'them'}: npm install ${names.join(' ')}`,
    );
  }
  const nestAxios = loaded.get('@nestjs/axios') as NestAxiosModule;
  const HttpService = nestAxios.HttpService ?? nestAxios.default?.HttpService;
  const adumoAxios = loaded.get('@adumo-oauth/axios') as AdumoAxiosModule & {
    readonly default?: AdumoAxiosModule;
  };
  const createAdumoAxios = adumoAxios.createAdumoAxios ?? adumoAxios.default?.createAdumoAxios;
  if (HttpService === undefined || createAdumoAxios === undefined) {
    throw new Error(`${where}: @nestjs/axios or @adumo-oauth/axios has an unexpected shape`);
  }
  return (source) => new HttpService(createAdumoAxios(source, {}, settings));
}
