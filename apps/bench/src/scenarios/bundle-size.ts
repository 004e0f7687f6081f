import { adumoDriver } from '../drivers/adumo';
import { bundleSize } from '../harness/bundle';
import type { MetricSpec, MetricValues, Scenario } from './types';

/** An app that imports only `TokenManager` and makes one. */
export const TOKEN_MANAGER_APP = `import { TokenManager } from '@adumo-oauth/core';
export const tokens = new TokenManager({
  baseUrl: 'https://staging-apiv3.adumoonline.com',
  clientId: 'id',
  clientSecret: 'secret',
});
`;

/** An app that makes an authorized fetch from `TokenManager` options (`@adumo-oauth/fetch` only). */
export const FETCH_APP = `import { createAuthorizedFetch } from '@adumo-oauth/fetch';
export const adumoFetch = createAuthorizedFetch({
  baseUrl: 'https://staging-apiv3.adumoonline.com',
  clientId: 'id',
  clientSecret: 'secret',
});
`;

const METRICS: readonly MetricSpec[] = [
  {
    key: 'tokenManagerGzKB',
    label: 'app with only TokenManager, min+gzip',
    unit: 'KB',
    better: 'lower',
    decimals: 1,
    target: { text: '< 12 KB', met: (ours) => ours < 12 },
  },
  {
    key: 'tokenManagerMinKB',
    label: 'app with only TokenManager, minified',
    unit: 'KB',
    better: 'lower',
    decimals: 1,
  },
  {
    key: 'fetchGzKB',
    label: 'app with createAuthorizedFetch, min+gzip',
    unit: 'KB',
    better: 'lower',
    decimals: 1,
  },
  {
    key: 'fetchMinKB',
    label: 'app with createAuthorizedFetch, minified',
    unit: 'KB',
    better: 'lower',
    decimals: 1,
  },
];

/** 13. What our packages add to a bundled app (ours only). */
export const bundleSizeScenario: Scenario = {
  id: 'bundle',
  title: '13. bundle size',
  description:
    'Ours only (the other columns: n/a). Two one-file apps, bundled as a browser or edge ' +
    'bundler would, from the packages’ built `dist` (what npm ships): esbuild `--bundle ' +
    '--minify --format=esm --platform=neutral` (the esbuild the repository already has through ' +
    'vitest → vite), then gzip level 9. One imports only `TokenManager` from `@adumo-oauth/core` ' +
    'and makes one; the other makes `createAuthorizedFetch(options)` from `@adumo-oauth/fetch`. ' +
    'KB = 1,000 bytes. Deterministic for a given build.',
  metrics: METRICS,
  run: async (driver): Promise<MetricValues> => {
    if (driver.name !== adumoDriver.name)
      return Object.fromEntries(METRICS.map((m) => [m.key, Number.NaN]));
    const manager = await bundleSize(TOKEN_MANAGER_APP);
    const wrapped = await bundleSize(FETCH_APP);
    return {
      tokenManagerGzKB: manager.gzipped / 1000,
      tokenManagerMinKB: manager.minified / 1000,
      fetchGzKB: wrapped.gzipped / 1000,
      fetchMinKB: wrapped.minified / 1000,
    };
  },
};
