import type { Emitter, EventSink, TokenManagerEvents, TokenPoolEvents } from '../events';

/** A merchant's view of the pool's emitter: every event gains its `merchantId`. */
export class MerchantEvents implements EventSink<TokenManagerEvents> {
  constructor(
    private readonly emitter: Emitter<TokenPoolEvents>,
    private readonly merchantId: string,
  ) {}
  get counts(): EventSink<TokenManagerEvents>['counts'] {
    return this.emitter.counts;
  }
  emit<K extends keyof TokenManagerEvents>(name: K, event: TokenManagerEvents[K]): void {
    this.emitter.emit(name, { ...event, merchantId: this.merchantId } as TokenPoolEvents[K]);
  }
}
