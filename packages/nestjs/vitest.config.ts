import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig, type UserWorkspaceConfig } from 'vitest/config';

// swc compiles the legacy decorators (vite's default transform cannot emit decorator metadata).
// The library (src) is compiled WITHOUT metadata, as tsdown builds it, so a missing explicit
// @Inject would fail here; the tests' own classes get metadata, like a typical Nest app.
const plugins = [
  swc.vite({ include: /\/src\/.*\.ts$/, jsc: { transform: { decoratorMetadata: false } } }),
  swc.vite({ include: /\/test\/.*\.ts$/, jsc: { transform: { decoratorMetadata: true } } }),
];
const shared = { testTimeout: 20_000, hookTimeout: 20_000 };

// Nest 12 (ESM-only) lives in the private workspace project test/nest12. The `nest12` project
// points every `@nestjs/*` import of src and tests at it; Nest's own imports between its packages
// resolve inside that install, so one copy of each Nest 12 package is loaded.
const NEST12 = ['common', 'core', 'testing', 'platform-express', 'config', 'terminus'];
const nest12 = (name: string) =>
  realpathSync(
    fileURLToPath(new URL(`./test/nest12/node_modules/@nestjs/${name}`, import.meta.url)),
  );

// The in-process suites run on both majors; the child-process suites (built dist, README
// programs) load Nest from this package's node_modules (11); the consumer matrix
// (`pnpm test:consumers`) runs the packed package in real Nest 11 and Nest 12 apps.
const IN_PROCESS = [
  'test/ambiguous-registrations.test.ts',
  'test/e2e.test.ts',
  'test/for-root-async.test.ts',
  'test/for-root.test.ts',
  'test/global-and-named.test.ts',
  'test/health-indicator.test.ts',
  'test/health-pool.test.ts',
  'test/hostile.test.ts',
  'test/lifecycle-and-logging.test.ts',
  'test/terminus-peer.test.ts',
  'test/pool.test.ts',
  'test/relative-paths.test.ts',
];

const projects: UserWorkspaceConfig[] = [
  {
    plugins,
    test: {
      ...shared,
      name: 'nest11',
      include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
      env: { EXPECTED_NEST_MAJOR: '11' },
    },
  },
  {
    plugins,
    resolve: {
      alias: NEST12.map((name) => ({
        find: new RegExp(`^@nestjs/${name}(?=$|/)`),
        replacement: nest12(name),
      })),
    },
    test: {
      ...shared,
      name: 'nest12',
      include: [...IN_PROCESS, 'test/nest-major.test.ts'],
      env: { EXPECTED_NEST_MAJOR: '12' },
    },
  },
];

export default defineConfig({ test: { projects } });
