import { describe, expect, it } from 'vitest';
import type { Driver } from '../src/drivers/types';
import { percentile } from '../src/harness/stats';
import { rowsFor } from '../src/report/judge';
import { DEFAULT_CLIENT, mockMerchants } from '@adumo-oauth/mock-server';
import { redact } from '../src/harness/redact';
import { runMeta } from '../src/report/machine';
import { resultsMarkdown, resultsTable } from '../src/report/markdown';
import type { ScenarioResult } from '../src/runner';
import type { Scenario } from '../src/scenarios/types';

const driver = (name: string, kind: Driver['kind']): Driver => ({
  name,
  kind,
  description: name,
  caches: true,
  create: () => {
    throw new Error('not used');
  },
});

const drivers = [
  driver('ours', 'ours'),
  driver('ideal', 'baseline'),
  driver('a', 'other'),
  driver('b', 'other'),
];

const scenario: Scenario = {
  id: 's',
  title: 'S',
  description: '',
  metrics: [
    {
      key: 'ns',
      label: 'cost',
      unit: 'ns/op',
      better: 'lower',
      decimals: 0,
      target: { text: '≤ 2× ideal', met: (ours, all) => ours <= 2 * (all['ideal'] ?? 0) },
    },
    { key: 'rps', label: 'speed', unit: 'req/s', better: 'higher', decimals: 0 },
  ],
  run: () => Promise.resolve({}),
};

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const values = [5, 1, 4, 2, 3];
    expect(percentile(values, 50)).toBe(3);
    expect(percentile(values, 99)).toBe(5);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('rowsFor', () => {
  const results: ScenarioResult[] = [
    {
      scenario,
      cells: {
        ours: { values: { ns: 300, rps: 900 } },
        ideal: { values: { ns: 100, rps: 1000 } },
        a: { values: { ns: 600, rps: 500 } },
        b: { error: 'boom' },
      },
    },
  ];

  it('compares ours with the ideal and the best other library, and judges the target', () => {
    const [cost, speed] = rowsFor(results, drivers, true);
    expect(cost?.vsIdeal).toBe(3);
    expect(cost?.bestOther).toBe('a');
    expect(cost?.vsBestOther).toBe(0.5);
    expect(cost?.met).toBe(false);
    expect(cost?.values['b']).toBeUndefined();
    expect(speed?.vsBestOther).toBe(1.8);
    expect(speed?.met).toBeUndefined();
  });

  it('judges nothing in smoke mode', () => {
    expect(rowsFor(results, drivers, false).map((r) => r.met)).toEqual([undefined, undefined]);
  });

  it('renders one table row per metric with errors marked', () => {
    const table = resultsTable(rowsFor(results, drivers, true), drivers, true);
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain('| 300 | 100 | 600 | error |');
    expect(lines[2]).toContain('❌ not met');
  });
});

describe('difference rows', () => {
  it('compares relative metrics by difference, shown in percentage points', () => {
    const overhead: Scenario = {
      ...scenario,
      metrics: [
        {
          key: 'pct',
          label: 'overhead',
          unit: '%',
          better: 'lower',
          decimals: 1,
          compare: 'difference',
        },
      ],
    };
    const rows = rowsFor(
      [
        {
          scenario: overhead,
          cells: {
            ours: { values: { pct: 3 } },
            ideal: { values: { pct: 0.5 } },
            a: { values: { pct: 10 } },
            b: { values: { pct: 8 } },
          },
        },
      ],
      drivers,
      true,
    );
    expect(rows[0]?.vsIdeal).toBe(2.5);
    expect(rows[0]?.vsBestOther).toBe(-5);
    expect(rows[0]?.bestOther).toBe('b');
    expect(resultsTable(rows, drivers, true)).toContain('| +2.5 pp | −5.0 pp (b) |');
  });
});

describe('scenario notes', () => {
  it('lists a scenario note under the table and shows unmeasured cells as n/a', () => {
    const results: ScenarioResult[] = [
      {
        scenario,
        note: 'fleet rows n/a: redis-server is not installed',
        cells: { ours: { values: { ns: Number.NaN, rps: 900 } } },
      },
    ];
    const meta = runMeta('smoke', new Date(), 0);
    const markdown = resultsMarkdown(meta, rowsFor(results, drivers, false), results, drivers);
    expect(markdown).toContain('Notes:\n\n- S: fleet rows n/a: redis-server is not installed\n');
    expect(markdown).toContain('| S | cost, ns/op ↓ | n/a |');
  });
});

describe('redact', () => {
  it('removes the generated merchants’ secrets, the default secret and JWTs', () => {
    const [m] = mockMerchants(1);
    const text = `bad ${m?.clientSecret} and ${DEFAULT_CLIENT.clientSecret} eyJa.eyJb.sig`;
    const out = redact(text);
    expect(out).not.toContain(m?.clientSecret);
    expect(out).not.toContain(DEFAULT_CLIENT.clientSecret);
    expect(out).toBe('bad *** and *** <token>');
  });
});
