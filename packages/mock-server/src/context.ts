import { setTimeout as sleep } from 'node:timers/promises';
import type { ClientRegistry } from './clients';
import type { FaultState } from './faults';
import type { StatsRecorder } from './stats';

/** What every request handler of one mock server shares. */
export interface MockContext {
  readonly clients: ClientRegistry;
  readonly stats: StatsRecorder;
  readonly faults: FaultState;
  readonly now: () => number;
  readonly signingSecret: string;
  /** Aborted when the server closes; ends pending delays. */
  readonly closing: AbortSignal;
}

/** Wait `ms` (0 = not at all); rejects when the server closes meanwhile. */
export async function delay(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return;
  await sleep(ms, undefined, { signal });
}
