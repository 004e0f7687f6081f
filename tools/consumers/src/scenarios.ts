import type { HttpCheck, Scenario, ServeStep } from './scenario';

/**
 * The consumer matrix. Each entry is a fresh npm project under the OS temp dir; see
 * src/scenario.ts for the fields. To add one (e.g. axios, Nest's HttpService), append an object:
 * packages, registry dependencies, files (fixtures/ or README blocks) and steps.
 */

const TYPES_NODE = { '@types/node': '^22.19.0' };
const LISTENING = /listening on port (\d+)/;
const INITIATE: HttpCheck = {
  method: 'POST',
  path: '/payments/initiate',
  body: { amount: 1500, merchantReference: 'order-1' },
  status: 200,
};

/** tsconfig of the strict nodenext TypeScript projects (src → dist). */
const NODENEXT_STRICT_TSCONFIG = JSON.stringify({
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'ES2022',
    strict: true,
    skipLibCheck: true,
    types: ['node'],
    outDir: 'dist',
    rootDir: 'src',
  },
});

/** A Nest app laid out as `nest new` makes it (CommonJS, tsc, decorator metadata), built and served. */
function nestScenario(app: {
  name: string;
  fixture: string;
  packages: readonly string[];
  readmeInstall?: string;
  dependencies: Readonly<Record<string, string>>;
  requests: ServeStep['requests'];
  versions: readonly string[];
}): Scenario {
  return {
    name: app.name,
    packages: app.packages,
    ...(app.readmeInstall === undefined ? {} : { readmeInstall: app.readmeInstall }),
    dependencies: {
      'reflect-metadata': '^0.2.2',
      rxjs: '^7.8.1',
      ...TYPES_NODE,
      ...app.dependencies,
    },
    fixture: app.fixture,
    steps: [
      { label: 'tsc -p tsconfig.build.json', command: 'tsc', args: ['-p', 'tsconfig.build.json'] },
      {
        label: 'node dist/main.js',
        command: 'node',
        args: ['dist/main.js'],
        ready: LISTENING,
        requests: app.requests,
      } satisfies ServeStep,
    ],
    versions: app.versions,
  };
}

/** `@nestjs/common`, `core` and `platform-express` of one major. */
const nest = (major: 11 | 12) => ({
  '@nestjs/common': `^${major}.0.0`,
  '@nestjs/core': `^${major}.0.0`,
  '@nestjs/platform-express': `^${major}.0.0`,
});

/**
 * The Nest CLI layout with `forRootAsync` + `@nestjs/config` and a controller that uses the token.
 * `readme`: also every registry package of the nestjs README's install lines (Nest 12 is the
 * major a user's `npm install` of those lines gets today).
 */
function nestApp(major: 11 | 12, typescript: string, config: string, readme = false): Scenario {
  return nestScenario({
    name: `nest ${major} (CommonJS, tsc${readme ? ', README install lines' : ''})`,
    fixture: 'nest-app',
    packages: ['core', 'nestjs'],
    ...(readme ? { readmeInstall: 'nestjs' } : {}),
    dependencies: { ...nest(major), '@nestjs/config': config, typescript },
    requests: [
      { ...INITIATE, status: 201, json: { status: 200, approved: true } }, // Nest: POST → 201
      {
        method: 'GET',
        path: '/payments/token',
        status: 200,
        json: { valid: true, canAuthorise: true },
      },
    ],
    versions: ['@nestjs/core', '@nestjs/config', 'typescript'],
  });
}

/** Core + fetch from plain ESM under another runtime installed from npm (`bun`, `deno`). */
function runtime(name: 'bun' | 'deno', range: string, args: readonly string[]): Scenario {
  return {
    name: `${name}: core + fetch (ESM)`,
    packages: ['core', 'fetch'],
    dependencies: { [name]: range },
    type: 'module',
    fixture: 'plain',
    steps: [
      { label: `${name} --version`, command: name, args: ['--version'] },
      {
        label: `${name} ${args.join(' ')}`,
        command: name,
        args,
        output: [/initiate 200 ping 200 token requests 1/],
      },
    ],
    versions: [name],
  };
}

/**
 * The undici interceptor with one undici major of its peer range: as the global dispatcher (Node's
 * own fetch, undici.request and undici's fetch through it; another origin untouched), and
 * required from CommonJS on an explicit Agent.
 */
function undiciScenario(major: 7 | 8): Scenario {
  return {
    name: `undici ${major}: global fetch + undici.request`,
    packages: ['core', 'undici'],
    dependencies: { undici: `^${major}.0.0` },
    type: 'module',
    fixture: 'undici',
    steps: [
      {
        label: 'node esm.mjs',
        command: 'node',
        args: ['esm.mjs'],
        output: [
          /initiate 200 request 200 undici\.fetch 200 other origin none,none token requests 1/,
        ],
      },
      {
        label: 'node cjs.cjs',
        command: 'node',
        args: ['cjs.cjs'],
        output: [/cjs request 200 client true/],
      },
    ],
    versions: ['undici'],
  };
}

export const scenarios: readonly Scenario[] = [
  nestApp(11, '~5.9.3', '^4.0.2'),
  nestApp(12, '^6.0.3', '^12.0.1', true),
  nestScenario({
    name: 'nest 12 + Adumo HttpService beside a plain HttpModule',
    fixture: 'nest-http',
    packages: ['core', 'fetch', 'axios', 'nestjs'],
    dependencies: {
      ...nest(12),
      '@nestjs/axios': '^12.0.0',
      axios: '^1.3.1',
      typescript: '^6.0.3',
    },
    requests: [
      { ...INITIATE, status: 201, json: { status: 200, approved: true } },
      // The app's plain HttpService to the same API: no token, so 401.
      {
        method: 'GET',
        path: '/plain/initiate',
        status: 200,
        json: { status: 401, sentAuthorization: false },
      },
    ],
    versions: ['@nestjs/core', '@nestjs/axios', 'axios'],
  }),
  {
    name: 'tsc --noEmit: node16 (skipLibCheck false), nodenext, bundler',
    packages: ['core', 'fetch', 'express', 'redis', 'mock-server'],
    dependencies: {
      express: '^5.1.0',
      '@types/express': '^5.0.3',
      ioredis: '^5.8.0',
      typescript: '~5.9.3',
      ...TYPES_NODE,
    },
    type: 'module',
    fixture: 'types',
    steps: ['node16', 'nodenext', 'bundler'].map((mode) => ({
      label: `tsc -p tsconfig.${mode}.json`,
      command: 'tsc',
      args: ['-p', `tsconfig.${mode}.json`],
    })),
    versions: ['typescript', 'ioredis'],
    usesMock: false,
  },
  {
    name: 'express 4.17 (CommonJS JS, README verbatim)',
    packages: ['core', 'express'],
    dependencies: { express: '~4.17.3' },
    files: { 'app.js': { readme: 'express', lang: 'js' } },
    steps: [
      {
        label: 'node app.js',
        command: 'node',
        args: ['app.js'],
        ready: LISTENING,
        requests: [INITIATE],
      },
    ],
    versions: ['express'],
  },
  {
    name: 'express 5 (TypeScript ESM nodenext strict, README verbatim)',
    packages: ['core', 'express'],
    dependencies: {
      express: '^5.1.0',
      '@types/express': '^5.0.3',
      typescript: '~5.9.3',
      ...TYPES_NODE,
    },
    type: 'module',
    files: {
      'src/app.ts': { readme: 'express', lang: 'ts' },
      'tsconfig.json': NODENEXT_STRICT_TSCONFIG,
    },
    steps: [
      { label: 'tsc -p .', command: 'tsc', args: ['-p', '.'] },
      {
        label: 'node dist/app.js',
        command: 'node',
        args: ['dist/app.js'],
        ready: LISTENING,
        requests: [INITIATE],
      },
    ],
    versions: ['express', '@types/express', 'typescript'],
  },
  {
    name: 'express 5 TokenPool (TypeScript ESM nodenext strict, README "Many merchants" verbatim)',
    packages: ['core', 'express'],
    dependencies: {
      express: '^5.1.0',
      '@types/express': '^5.0.3',
      typescript: '~5.9.3',
      ...TYPES_NODE,
    },
    type: 'module',
    files: {
      'src/merchants.ts': { readme: 'express', lang: 'ts', section: '## Many merchants' },
      'tsconfig.json': NODENEXT_STRICT_TSCONFIG,
    },
    steps: [
      { label: 'tsc -p .', command: 'tsc', args: ['-p', '.'] },
      {
        label: 'node dist/merchants.js',
        command: 'node',
        args: ['dist/merchants.js'],
        ready: LISTENING,
        requests: [
          ...['merchant-1', 'merchant-2', 'merchant-3', 'merchant-1'].map((id) => ({
            ...INITIATE,
            path: `/merchants/${id}/pay`,
            json: { merchantId: id, clientId: id },
          })),
          {
            ...INITIATE,
            path: '/merchants/merchant-9/pay',
            status: 404,
            json: { code: 'unknown_merchant' },
          },
        ],
      },
    ],
    versions: ['express', 'typescript'],
  },
  {
    name: 'opentelemetry README example (README install line, TypeScript ESM nodenext strict)',
    packages: ['core', 'opentelemetry'],
    readmeInstall: 'opentelemetry',
    dependencies: { typescript: '~5.9.3', ...TYPES_NODE },
    type: 'module',
    files: {
      'src/example.ts': { readme: 'opentelemetry', lang: 'ts' },
      'tsconfig.json': NODENEXT_STRICT_TSCONFIG,
    },
    steps: [
      { label: 'tsc -p .', command: 'tsc', args: ['-p', '.'] },
      {
        label: 'node dist/example.js',
        command: 'node',
        args: ['dist/example.js'],
        output: [/^token valid until \d{4}-\d\d-\d\dT/m, /name: 'POST \/oauth\/token'/],
      },
    ],
    versions: ['@opentelemetry/api', '@opentelemetry/sdk-metrics', '@opentelemetry/sdk-trace-base'],
  },
  {
    name: 'plain ESM (TokenManager.fromEnv + createAuthorizedFetch)',
    packages: ['core', 'fetch'],
    type: 'module',
    fixture: 'plain',
    steps: [
      {
        label: 'node esm.mjs',
        command: 'node',
        args: ['esm.mjs'],
        output: [/initiate 200 ping 200 token requests 1/],
      },
    ],
    versions: [],
  },
  {
    name: 'plain CommonJS (TokenManager.fromEnv + createAuthorizedFetch)',
    packages: ['core', 'fetch'],
    fixture: 'plain',
    steps: [
      {
        label: 'node cjs.cjs',
        command: 'node',
        args: ['cjs.cjs'],
        output: [/initiate 200 ping 200 token requests 1/],
      },
    ],
    versions: [],
  },
  {
    name: 'core README quick start (verbatim, mock-server tarball)',
    packages: ['core', 'mock-server'],
    type: 'module',
    files: { 'quick-start.mjs': { readme: 'core', lang: 'js' } },
    steps: [
      {
        label: 'node quick-start.mjs',
        command: 'node',
        args: ['quick-start.mjs'],
        output: [/^Bearer eyJhbG…\(\d+ chars\) true true$/m, /^initiate: 200 token requests: 1$/m],
      },
    ],
    versions: [],
    usesMock: false,
  },
  runtime('bun', '^1.1.0', ['esm.mjs']),
  runtime('deno', '^2.0.0', ['run', '--allow-env', '--allow-net', '--allow-read', 'esm.mjs']),
  {
    name: "cli: npx -p @adumo-oauth/cli adumo-oauth doctor --json (cli + core tarballs; the READMEs' form)",
    packages: ['cli', 'core'],
    steps: [
      {
        label: 'npx -p @adumo-oauth/cli adumo-oauth doctor --json',
        command: 'npx',
        args: [
          '-p',
          '@adumo-oauth/cli',
          'adumo-oauth',
          'doctor',
          '--json',
          '--call',
          '/products/ping',
        ],
        output: [
          /^ {2}"ok": true,$/m,
          /^ {2}"exitCode": 0,$/m,
          /"detail": "GET \/products\/ping → 200 in \d+ ms"/,
        ],
      },
      {
        label: 'npx adumo-oauth token (the installed bin)',
        command: 'npx',
        args: ['adumo-oauth', 'token'],
        output: [/^token_type {3}Bearer$/m, /^token {8}eyJhbG…\(\d+ chars\)/m],
      },
      {
        label: 'require() and import of the programmatic API',
        command: 'node',
        args: [
          '-e',
          "const c = require('@adumo-oauth/cli'); import('@adumo-oauth/cli').then((m) => console.log('exit codes', c.DOCTOR_EXIT_CODES.token, m.DOCTOR_EXIT_CODES.clock, typeof m.runDoctor))",
        ],
        output: [/^exit codes 13 18 function$/m],
      },
    ],
    versions: [],
  },
  {
    name: 'redis without ioredis (clear error)',
    packages: ['core', 'redis'],
    type: 'module',
    fixture: 'no-ioredis',
    steps: [
      {
        label: 'node check.mjs',
        command: 'node',
        args: ['check.mjs'],
        output: [/MissingPeerDependencyError config: .*npm install ioredis/],
      },
      {
        label: 'ioredis is not installed',
        command: 'node',
        args: [
          '-e',
          "try { require.resolve('ioredis'); process.exit(1) } catch { console.log('no ioredis') }",
        ],
        output: [/no ioredis/],
      },
    ],
    versions: [],
    usesMock: false,
  },
  undiciScenario(7),
  undiciScenario(8),
];
