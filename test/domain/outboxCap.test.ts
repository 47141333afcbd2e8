import { strict as assert } from 'node:assert';
import type { OutboxItem } from '../../src/domain/case';
import { claimDue, MAX_DELIVERY_ATTEMPTS } from '../../src/domain/outbox';
import { DEFAULT_POLICY } from '../../src/domain/reminders';
import { makeCase } from '../storage/fixtures';

// A send Teams refuses for good must not be retried for ever (and the outbox must not grow without end).
describe('outbox: a delivery Teams keeps refusing is given up after MAX_DELIVERY_ATTEMPTS', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const item = (id: string, attempts: number): OutboxItem => ({ id, kind: 'reporter_acknowledged', target: 'reporter', at: now.toISOString(), detail: 'Anna', leaseUntil: '2026-11-23T11:00:00Z', attempts });
  const claim = { token: 'claim-1', until: '2026-11-23T12:02:00Z' };

  it('retakes an item below the cap, gives up one at the cap, and keeps nothing of it in the outbox', () => {
    const c = makeCase({ status: 'acknowledged', schedule: { sent: [], outbox: [item('a', MAX_DELIVERY_ATTEMPTS - 1), item('b', MAX_DELIVERY_ATTEMPTS)] } });
    const result = claimDue(c, now, DEFAULT_POLICY, claim)!;
    assert.deepEqual(result.claimed.filter((i) => i.target === 'reporter').map((i) => [i.id, i.attempts]), [['a', MAX_DELIVERY_ATTEMPTS]]);
    assert.deepEqual(result.givenUp.map((i) => i.id), ['b']);
    assert.deepEqual(result.next.schedule!.outbox.filter((i) => i.target === 'reporter').map((i) => i.id), ['a']);
  });
});
