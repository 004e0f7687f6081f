import type { Driver } from '../drivers/types';
import type { LoadGenerator } from '../harness/http-load';
import type { MockFactory } from '../harness/mock';
import type { RedisServer } from '../harness/redis-server';
import type { Sizes } from './sizes';

/** What every scenario run gets from the harness. */
export interface ScenarioContext {
  readonly startMock: MockFactory;
  readonly sizes: Sizes;
  /** HTTP load generator for the middleware scenario (autocannon, out of this event loop). */
  readonly load: LoadGenerator['run'];
  /** The bench's own redis-server, when one could be started (fleet scenario). */
  readonly redis?: RedisServer | undefined;
  /** Why there is no redis-server, when there is none. */
  readonly redisMissing?: string | undefined;
  /** Smoke mode: tiny sizes, no judgements. */
  readonly smoke: boolean;
}

/** The measured numbers of one driver in one scenario, by metric key. */
export type MetricValues = Readonly<Record<string, number>>;

/** One row of the results table. */
export interface MetricSpec {
  readonly key: string;
  readonly label: string;
  /** Unit shown after the label, e.g. `ns/op`. */
  readonly unit: string;
  readonly better: 'lower' | 'higher';
  /** Decimal places shown. */
  readonly decimals: number;
  /**
   * How ours is compared with the other columns: `ratio` (default, ours ÷ theirs) or `difference`
   * (ours − theirs, for rows that are already relative, such as an overhead in %).
   */
  readonly compare?: 'ratio' | 'difference' | undefined;
  /** The target we hold ourselves to on this row, judged on our column. */
  readonly target?: Target | undefined;
}

/** A target: its text for the table and how it is judged (`undefined`: cannot judge). */
export interface Target {
  readonly text: string;
  met(ours: number, byDriver: Readonly<Record<string, number | undefined>>): boolean | undefined;
}

/** A benchmark scenario, run once per driver. */
export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** One-paragraph description for the README and the results notes. */
  readonly description: string;
  readonly metrics: readonly MetricSpec[];
  /** A reason to skip the whole scenario (e.g. no redis-server), or `undefined` to run it. */
  skipReason?(context: ScenarioContext): string | undefined;
  /** A note for the results (e.g. rows that could not be measured and why), or `undefined`. */
  note?(context: ScenarioContext): string | undefined;
  /** Time limit of one driver's run, ms (default `sizes.perRunTimeoutMs`). */
  timeoutMs?(context: ScenarioContext): number;
  run(driver: Driver, context: ScenarioContext): Promise<MetricValues>;
}
