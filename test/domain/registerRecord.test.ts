import { FIXTURE_CLOSE_REASON } from '../helpers/closeReason';
import { strict as assert } from 'node:assert';
import { isOverdueAt, registerRecord, registerSummary, type RegisterRecord } from '../../src/domain/register/record';
import { after, caseOf, feedback, justification, noRisk, type CaseSpec } from './registerFixtures';

const R = '2026-03-02T08:00:00.000Z'; // Monday 09:00 Copenhagen

interface Row {
  name: string;
  spec: CaseSpec;
  nowHours: number;
  expect: Partial<RegisterRecord>;
}

const rows: Row[] = [
  {
    name: 'a new case: nothing recorded, deadline from discovery, pending',
    spec: { id: 'c1', number: 'BV-2026-0001', reportedAt: R, discoveredAt: after(R, -2) },
    nowHours: 1,
    expect: {
      status: 'new', year: 2026, month: 3, sequence: 1, takenAt: null, assessedAt: null, closedAt: null, decision: null, justified: false,
      clockBasis: 'discovered', clockStartAt: after(R, -2), deadline: after(R, 70), deadlineOutcome: 'pending', authorityDue: true,
      authorityNotifiedAt: null, stoppedAt: null, reopened: 0, units: ['skoler'],
    },
  },
  {
    name: 'the same case after its deadline: overdue',
    spec: { id: 'c1', number: 'BV-2026-0001', reportedAt: R, discoveredAt: after(R, -2) },
    nowHours: 71,
    expect: { deadlineOutcome: 'overdue', authorityDue: true },
  },
  {
    name: 'notified in time, persons notified, DPO informed, closed: every instant and met',
    spec: {
      id: 'c2', number: 'BV-2026-0002', reportedAt: R,
      steps: [
        [1, { type: 'acknowledge' }],
        [2, { type: 'setAware', at: after(R, 1), reason: 'Koordinatoren fik besked' }],
        [3, { type: 'setStopped', stopped: 'yes', stopHow: 'Brevet hentet tilbage' }],
        [5, { type: 'assess', risk: 'high', decision: 'notify', justification }],
        [20, { type: 'recordAuthorityNotification', kind: 'initial', at: after(R, 20), reference: 'DT-1', followUpPending: true }],
        [30, { type: 'recordPersonsNotified', notifiedAt: after(R, 30), how: 'Brev', count: 2 }],
        [40, { type: 'recordAuthorityNotification', kind: 'follow_up', at: after(R, 40), reference: 'DT-1b', followUpPending: false }],
        [41, { type: 'dpoInformed' }],
        [50, { type: 'close', closeReason: FIXTURE_CLOSE_REASON, lessonsLearned: 'Adresser tjekkes to gange.', feedback }],
      ],
    },
    nowHours: 100,
    expect: {
      status: 'closed', takenAt: after(R, 1), awareAt: after(R, 1), awareReason: 'Koordinatoren fik besked', clockBasis: 'aware',
      deadline: after(R, 73), stopped: 'yes', stoppedAt: after(R, 3), stopHow: 'Brevet hentet tilbage', assessedAt: after(R, 5),
      risk: 'high', decision: 'notify', justified: true, justification, authorityNotifiedAt: after(R, 20), authorityReference: 'DT-1',
      followUpsAt: [after(R, 40)], deadlineOutcome: 'met', delayReason: null, personsNotifiedAt: after(R, 30), personsNotifiedCount: 2,
      personsHow: 'Brev', personsExemption: null, dpoInformedAt: after(R, 41), closedAt: after(R, 50), authorityDue: false,
      lessonsLearned: 'Adresser tjekkes to gange.', prevention: feedback.prevention, ownerName: 'Anna Koordinator',
    },
  },
  {
    name: 'notified after 72 hours: late, with the reason for the delay',
    spec: {
      id: 'c3', number: 'BV-2026-0003', reportedAt: R,
      steps: [
        [1, { type: 'assess', risk: 'risk', decision: 'notify', justification }],
        [80, { type: 'recordAuthorityNotification', kind: 'initial', at: after(R, 80), reference: 'DT-3', delayReason: 'Weekend uden vagt', followUpPending: false }],
      ],
    },
    nowHours: 81,
    expect: { status: 'acknowledged', deadlineOutcome: 'late', delayReason: 'Weekend uden vagt', authorityNotifiedAt: after(R, 80), takenAt: after(R, 1) },
  },
  {
    name: 'not notified: the decision and its justification are in the record, and no deadline is owed',
    spec: {
      id: 'c4', number: 'BV-2026-0004', reportedAt: R,
      steps: [
        [1, { type: 'assess', risk: 'none', decision: 'do_not_notify', justification: noRisk }],
        [2, { type: 'close', closeReason: FIXTURE_CLOSE_REASON, lessonsLearned: 'Ingen.', feedback }],
      ],
    },
    nowHours: 200,
    expect: { status: 'closed', decision: 'do_not_notify', justified: true, justification: noRisk, deadlineOutcome: 'not_required', authorityDue: false, risk: 'none' },
  },
  {
    name: "a processor's breach: the clock runs from the processor's notice",
    spec: { id: 'c5', number: 'BV-2026-0005', reportedAt: R, discoveredAt: after(R, -1), supplierNotifiedAt: after(R, -10) },
    nowHours: 1,
    expect: { clockBasis: 'supplier', clockStartAt: after(R, -10), deadline: after(R, 62), supplierNotifiedAt: after(R, -10), supplierInvolved: 'yes' },
  },
  {
    name: 'reopened: counted, open again, no closing instant, the exemption kept',
    spec: {
      id: 'c6', number: 'BV-2026-0006', reportedAt: R,
      steps: [
        [1, { type: 'assess', risk: 'high', decision: 'notify', justification }],
        [2, { type: 'recordAuthorityNotification', kind: 'initial', at: after(R, 2), reference: 'DT-6', followUpPending: false }],
        [3, { type: 'recordPersonsExemption', exemption: 'art34_3_a', explanation: 'Data var krypteret.' }],
        [4, { type: 'close', closeReason: FIXTURE_CLOSE_REASON, lessonsLearned: 'Ingen.', feedback }],
        [5, { type: 'reopen', reason: 'Ny viden' }],
      ],
    },
    nowHours: 6,
    expect: { status: 'acknowledged', reopened: 1, closedAt: null, personsExemption: 'art34_3_a', personsExemptionExplanation: 'Data var krypteret.', deadlineOutcome: 'met' },
  },
  {
    name: 'the year and month are Copenhagen time (23:30Z on 31 December is January)',
    spec: { id: 'c7', number: 'BV-2026-0007', reportedAt: '2025-12-31T23:30:00.000Z' },
    nowHours: 1,
    expect: { year: 2026, month: 1, sequence: 7 },
  },
  {
    name: 'stopped then set back to not stopped: no stop instant',
    spec: {
      id: 'c8', number: 'BV-2026-0008', reportedAt: R,
      steps: [
        [1, { type: 'setStopped', stopped: 'yes', stopHow: 'Lukket' }],
        [2, { type: 'setStopped', stopped: 'no' }],
      ],
    },
    nowHours: 3,
    expect: { stopped: 'no', stoppedAt: null },
  },
];

describe('register record: a case as the register states it', () => {
  for (const row of rows) {
    it(row.name, () => {
      const c = caseOf(row.spec);
      const record = registerRecord(c, new Date(Date.parse(c.reportedAt) + row.nowHours * 3_600_000));
      const picked = Object.fromEntries(Object.keys(row.expect).map((k) => [k, record[k as keyof RegisterRecord]]));
      assert.deepEqual(picked, row.expect);
    });
  }

  it('carries no reporter identity (name, mail, phone)', () => {
    const record = registerRecord(caseOf(rows[2].spec), new Date(R));
    const text = JSON.stringify(record);
    for (const s of ['Rikke', 'rikke@example.org', '12345678']) assert.ok(!text.includes(s), s);
  });

  it('the summary is the record cut down, and overdue is decided at read time', () => {
    const c = caseOf(rows[0].spec);
    const summary = registerSummary(registerRecord(c, new Date(R)));
    assert.equal(summary.deadlineOutcome, 'pending');
    assert.equal(isOverdueAt(summary, new Date(after(R, 69))), false);
    assert.equal(isOverdueAt(summary, new Date(after(R, 71))), true);
    assert.ok(!('whatHappened' in summary));
  });
});
