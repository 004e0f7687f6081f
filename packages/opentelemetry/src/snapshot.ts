import type { Attributes } from '@opentelemetry/api';
import type { TokenHealth, TokenPoolHealth } from '@adumo-oauth/core';
import type { Snapshot } from './metrics';
import { ATTR } from './names';
import type { InstrumentableTokens } from './types';

/** Most merchants whose token series are reported; beyond it new merchants are not added. */
export const MAX_MERCHANT_SERIES = 10_000;

function isPoolHealth(health: TokenHealth | TokenPoolHealth): health is TokenPoolHealth {
  return typeof (health as Partial<TokenPoolHealth>).byState === 'object';
}

/**
 * Reads a manager or a pool once per collection. A pool has no list of its merchants, so with
 * `merchantAttribute` the merchants are learnt from its events; one whose token is gone (state
 * `empty`, no failure: dropped from memory or expired unused) is reported once more, then let go.
 */
export function createSnapshotReader(tokens: InstrumentableTokens, base: Attributes) {
  const known = new Set<string>();
  return {
    /** A merchant seen in an event (only called with `merchantAttribute`). */
    saw(merchantId: string): void {
      if (known.size < MAX_MERCHANT_SERIES) known.add(merchantId);
    },
    read(): Snapshot {
      const stats = tokens.stats();
      const health = tokens.health();
      if (!isPoolHealth(health))
        return { stats, pool: undefined, tokens: [{ attributes: base, health }] };
      const series: Snapshot['tokens'][number][] = [];
      for (const id of known) {
        const one = tokens.health(id);
        if (isPoolHealth(one)) continue;
        series.push({ attributes: { ...base, [ATTR.merchant]: id }, health: one });
        if (one.state === 'empty' && one.consecutiveFailures === 0) known.delete(id);
      }
      return { stats, pool: health, tokens: series };
    },
  };
}
