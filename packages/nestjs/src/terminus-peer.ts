import { importOptionalPeer } from '@adumo-oauth/core/adapter';

/** The parts of `@nestjs/terminus` (≥ 11) the health indicator uses. */
export interface HealthIndicatorServiceLike {
  check(key: string): {
    up(data: Record<string, unknown>): Record<string, unknown>;
    down(data: Record<string, unknown>): Record<string, unknown>;
  };
}

/** The `HealthIndicatorService` class of the app's `@nestjs/terminus`. */
export type HealthIndicatorServiceClass = new () => HealthIndicatorServiceLike;

/** How `@nestjs/terminus` is loaded: `import()` by default; a test may hand in its own. */
export type TerminusImporter = () => Promise<unknown>;

interface TerminusModuleShape {
  HealthIndicatorService?: HealthIndicatorServiceClass;
  default?: { HealthIndicatorService?: HealthIndicatorServiceClass };
}

/**
 * Load the optional peer `@nestjs/terminus` (only when a health indicator is used) and return its
 * `HealthIndicatorService` class; when it is not installed, the error says what to install.
 */
export async function loadHealthIndicatorService(
  where: string,
  importer: TerminusImporter = () => import('@nestjs/terminus'),
): Promise<HealthIndicatorServiceClass> {
  const loaded = (await importOptionalPeer('@nestjs/terminus', importer, () => {
    return new Error(
      `${where} needs the optional peer dependency @nestjs/terminus (11 or later); ` +
        'install it: npm install @nestjs/terminus',
    );
  })) as TerminusModuleShape;
  const service = loaded.HealthIndicatorService ?? loaded.default?.HealthIndicatorService;
  if (typeof service !== 'function') {
    throw new Error(
      `${where}: @nestjs/terminus has no HealthIndicatorService (it needs @nestjs/terminus 11 or later)`,
    );
  }
  return service;
}
