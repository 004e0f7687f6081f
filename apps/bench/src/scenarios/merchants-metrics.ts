/** The rows of the many-merchants scenario (`scenarios/merchants.ts`). */
import { FULL_SIZES } from './sizes';
import type { MetricSpec } from './types';

/** The full run's pool sizes, as the labels show them. */
export const [SMALL, LARGE] = FULL_SIZES.merchants.memory.map((n) => n.toLocaleString('en-US'));

/** The goal for one cached merchant: twice its token's length plus 512 bytes. */
export const goalFor = (tokenLength: number): number => 2 * tokenLength + 512;

const count = (key: string, label: string, target?: MetricSpec['target']): MetricSpec => ({
  key,
  label,
  unit: 'count',
  better: 'lower',
  decimals: 0,
  target,
});
const atMost = (limit: number, text: string): MetricSpec['target'] => ({
  text,
  met: (ours) => ours <= limit,
});

/** Every row, in table order. */
export const METRICS: readonly MetricSpec[] = [
  { key: 'tokenLength', label: 'token length', unit: 'chars', better: 'lower', decimals: 0 },
  {
    key: 'goalBytes',
    label: 'goal: 2 × token length + 512',
    unit: 'B',
    better: 'lower',
    decimals: 0,
  },
  ...(
    [
      ['Small', SMALL],
      ['Large', LARGE],
    ] as const
  ).flatMap(([size, n]): MetricSpec[] => [
    {
      key: `memory${size}`,
      label: `heap per cached merchant, ${n} merchants`,
      unit: 'B',
      better: 'lower',
      decimals: 0,
    },
    {
      key: `memory${size}VsGoal`,
      label: `heap per merchant ÷ goal, ${n} merchants`,
      unit: '×',
      better: 'lower',
      decimals: 2,
      target: atMost(1, '≤ 1'),
    },
  ]),
  {
    key: 'poolSpreadNs',
    label: 'pool.getToken(id) hit, 1,000 merchants in turn',
    unit: 'ns/op',
    better: 'lower',
    decimals: 0,
  },
  {
    key: 'poolHotNs',
    label: 'pool.getToken(id) hit, one merchant',
    unit: 'ns/op',
    better: 'lower',
    decimals: 0,
  },
  {
    key: 'managerNs',
    label: 'TokenManager.getToken() hit, same rounds',
    unit: 'ns/op',
    better: 'lower',
    decimals: 0,
  },
  {
    key: 'spreadRatio',
    label: 'pool (1,000 in turn) ÷ manager',
    unit: '×',
    better: 'lower',
    decimals: 2,
    target: atMost(1.3, '≤ 1.3'),
  },
  {
    key: 'hotRatio',
    label: 'pool (one merchant) ÷ manager',
    unit: '×',
    better: 'lower',
    decimals: 2,
    target: atMost(1.3, '≤ 1.3'),
  },
  {
    key: 'managersSpreadNs',
    label: '1,000 TokenManagers in turn, hit (no pool)',
    unit: 'ns/op',
    better: 'lower',
    decimals: 0,
  },
  {
    key: 'spreadVsManagers',
    label: 'pool (1,000 in turn) ÷ 1,000 managers in turn',
    unit: '×',
    better: 'lower',
    decimals: 2,
  },
  count('coldTokenRequests', 'cold start 10,000 × 3 calls: token requests', {
    text: '= 10,000',
    met: (ours) => ours === FULL_SIZES.merchants.cold,
  }),
  {
    key: 'coldMs',
    label: 'cold start: time until all resolved',
    unit: 'ms',
    better: 'lower',
    decimals: 0,
  },
  count('coldFailed', 'cold start: failed calls', atMost(0, '0')),
  count('coldBoundedTokenRequests', 'cold start, 200 requests in flight: token requests', {
    text: '= 10,000',
    met: (ours) => ours === FULL_SIZES.merchants.cold,
  }),
  {
    key: 'coldBoundedMs',
    label: 'cold start, 200 in flight: time until all resolved',
    unit: 'ms',
    better: 'lower',
    decimals: 0,
  },
  count('coldBoundedFailed', 'cold start, 200 in flight: failed calls', atMost(0, '0')),
  count('fleetTokenRequests', 'fleet 4 processes × 1,000: token requests', {
    text: '= 1,000',
    met: (ours) => ours === FULL_SIZES.merchants.fleetMerchants,
  }),
  {
    key: 'fleetMs',
    label: 'fleet: time until all resolved',
    unit: 'ms',
    better: 'lower',
    decimals: 0,
  },
  count('fleetFailed', 'fleet: failed calls', atMost(0, '0')),
];
