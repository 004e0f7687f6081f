import type * as undici8 from 'undici';

/** One undici module (either major), typed as the newest. */
export type Undici = typeof undici8;

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
/** undici 8 needs Node 22.19 or later; 7 runs on every line we support (and on Node 20). */
const runs8 = major > 22 || (major === 22 && minor >= 19);

/** The undici majors of the peer range, each tested: the devDependency (newest) and 7.x. */
export const UNDICI_MAJORS: readonly (readonly [string, Undici])[] = [
  ...(runs8 ? [['undici 8', await import('undici')] as const] : []),
  ['undici 7', (await import('undici-7')) as unknown as Undici],
];

const bundled = Number(process.versions.undici?.split('.')[0] ?? 0);

/**
 * `agent` as the `dispatcher` of Node's own `fetch`. Node 22 and 24 bundle undici 6 and 7, whose
 * fetch speaks the old handler API: undici 8 dispatchers need its `Dispatcher1Wrapper` there (its
 * `setGlobalDispatcher` applies it by itself). Node 26 bundles undici 8.
 */
export function forNodeFetch(undici: Undici, agent: InstanceType<Undici['Dispatcher']>) {
  return 'Dispatcher1Wrapper' in undici && bundled < 8
    ? new undici.Dispatcher1Wrapper(agent)
    : agent;
}
