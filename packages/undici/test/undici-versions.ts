import * as undici8 from 'undici';
import * as undici7 from 'undici-7';

/** The undici majors of the peer range, each tested: the devDependency (newest) and 7.x. */
export const UNDICI_MAJORS = [
  ['undici 8', undici8 as unknown as typeof undici8],
  ['undici 7', undici7 as unknown as typeof undici8],
] as const;

/** One undici module (either major), typed as the newest. */
export type Undici = typeof undici8;

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
