import { describe, expect, it } from 'vitest';
import { cardFlowReport } from '../src/scenarios/types';
import type { Target } from '../src/target';

const mock = { kind: 'mock' } as Target;

describe('cardFlowReport', () => {
  it('shows the server’s states and transaction id through the outside-text owner: no control or bidi character, capped', () => {
    const report = cardFlowReport(mock, {
      statuses: [200, 200, 200],
      transactionId: `tx\u001b[2J\u0007${'9'.repeat(500)}`,
      states: ['INITIATED', 'AUTH\u202eORISED', 'SETTLED\r\nforged line'],
      ok: true,
      authorised: true,
    });
    // eslint-disable-next-line no-control-regex -- what must not get through
    expect(report.summary).not.toMatch(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/);
    expect(report.summary).toContain('(HTTP 200, 200, 200)');
    expect(report.summary.length).toBeLessThan(300);
    const settled = report.checks.find((c) => c.name === 'payment settled');
    expect(settled?.ok).toBe(false); // 'SETTLED\r\nforged line' is not 'SETTLED'
    expect(settled?.detail).not.toMatch(/[\r\n]/);
  });

  it('a clean flow reads as before: accepted and settled', () => {
    const report = cardFlowReport(mock, {
      statuses: [200, 200, 200],
      transactionId: 'tx-1',
      states: ['INITIATED', 'AUTHORISED', 'SETTLED'],
      ok: true,
      authorised: true,
    });
    expect(report.summary).toBe(
      'transaction tx-1: INITIATED → AUTHORISED → SETTLED (HTTP 200, 200, 200)',
    );
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
      ['token accepted by the API', true],
      ['payment settled', true],
    ]);
  });
});
