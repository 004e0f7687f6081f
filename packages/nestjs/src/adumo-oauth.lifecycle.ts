import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { AdumoClient } from './adumo-oauth.client';
import { ADUMO_CLIENT } from './adumo-oauth.constants';

/**
 * Closes the registration's `TokenManager` or `TokenPool` (and its `store`) when the application shuts down
 * (`app.close()`, or a signal with `app.enableShutdownHooks()`), after the HTTP server stopped
 * taking requests. A manager passed in with `tokenManager` is left to its owner.
 */
@Injectable()
export class AdumoOAuthLifecycle implements OnApplicationShutdown {
  constructor(@Inject(ADUMO_CLIENT) private readonly client: Pick<AdumoClient, 'close'>) {}

  /** Nest calls this once per application shutdown. */
  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
