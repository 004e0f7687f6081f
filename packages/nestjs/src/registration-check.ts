import type { ModulesContainer } from '@nestjs/core';

/** Token of each registration's `{ name }` record, read by {@link assertUnambiguous}. */
export const ADUMO_REGISTRATION: unique symbol = Symbol.for('@adumo-oauth/nestjs:registration');

/** What other registrations can see of one registration. */
export interface AdumoRegistration {
  readonly name: string | undefined;
}

/**
 * Throw when a module can see two different registrations under the same name (or two default
 * ones), e.g. two global `forRoot()` without names: Nest would silently inject one of them, and a
 * payment could go out with the wrong merchant's credentials.
 */
export function assertUnambiguous(modules: ModulesContainer): void {
  for (const module of modules.values()) {
    const seen = new Set<string>();
    for (const imported of module.imports) {
      const registration = imported.providers.get(ADUMO_REGISTRATION)?.instance as
        AdumoRegistration | undefined;
      if (registration === undefined) continue;
      const key =
        registration.name === undefined ? 'the default (unnamed) client' : `"${registration.name}"`;
      if (seen.has(key)) {
        throw new Error(
          `AdumoOAuthModule: ${module.name} sees two registrations of ${key} (global ones count ` +
            'everywhere); register each client once and give every further one its own name',
        );
      }
      seen.add(key);
    }
  }
}
