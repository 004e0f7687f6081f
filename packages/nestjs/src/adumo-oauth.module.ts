import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigurableModuleClass } from './adumo-oauth.module-definition';
import type { AdumoOAuthModuleAsyncOptions, AdumoOAuthRootOptions } from './adumo-oauth.options';

/**
 * Provides a `TokenManager` (inject it by type) and an authorized fetch (`@InjectAdumoFetch()`)
 * for the Adumo Online API. Register it once, usually in the root module with `isGlobal: true`;
 * every `forRoot()` call builds its own `TokenManager` (its own token cache).
 *
 * With `name`, the registration's providers use name-derived tokens instead
 * (`@InjectTokenManager(name)`, `@InjectAdumoFetch(name)`), so any number of named clients (one per
 * merchant) and one default registration coexist, global or not.
 */
@Module({})
export class AdumoOAuthModule extends ConfigurableModuleClass {
  /** Register with static options: `TokenManager` options or `{ tokenManager }`, plus extras. */
  static override forRoot(options: AdumoOAuthRootOptions): DynamicModule {
    return super.forRoot(options);
  }

  /**
   * Register with options resolved at startup: `useFactory` (+ `inject`, `imports`), `useClass` or
   * `useExisting` (a class with `createAdumoOAuthOptions()`). `isGlobal` and `name` stay static.
   */
  static override forRootAsync(options: AdumoOAuthModuleAsyncOptions): DynamicModule {
    return super.forRootAsync(options);
  }
}
