import { FIXTURE_CLOSE_REASON } from '../helpers/closeReason';
/** Cases for the register's domain tests, worked through the real domain commands at given instants. */
import { strict as assert } from 'node:assert';
import type { BreachCase, Person } from '../../src/domain/case';
import { applyCommand, emptyWork, workContext, type CaseCommand } from '../../src/domain/caseWork';
import type { BreachType, Report } from '../../src/domain/report';

export const anna: Person = { aadObjectId: 'aad-anna', teamsUserId: '29:anna', name: 'Anna Koordinator' };

const HOUR = 3_600_000;

export interface CaseSpec {
  id: string;
  number: string;
  reportedAt: string;
  discoveredAt?: string;
  units?: string[];
  breachTypes?: BreachType[];
  supplierNotifiedAt?: string;
  /** Commands with the hours after reportedAt at which each is given. */
  steps?: [number, CaseCommand][];
}

export function baseReport(spec: CaseSpec): Report {
  return {
    reporterName: 'Rikke Reporter',
    reporterPhone: '12345678',
    reporterEmail: 'rikke@example.org',
    reporterTitle: 'Sagsbehandler',
    reporterDepartment: 'Borgerservice',
    reporterCenter: 'Center for Borgere',
    unitIds: spec.units ?? ['skoler'],
    breachTypes: spec.breachTypes ?? ['confidentiality'],
    breachExample: 'wrong_recipient',
    whatHappened: 'Brev sendt til forkert modtager.',
    dataKinds: ['names', 'health'],
    dataKindsOther: '',
    personsAffected: 2,
    howHappened: 'Forkert adresse valgt.',
    discoveredAt: spec.discoveredAt ?? spec.reportedAt,
    ongoing: 'stopped',
    system: 'SBSYS',
    supplierInvolved: spec.supplierNotifiedAt !== undefined ? 'yes' : 'no',
    supplierName: spec.supplierNotifiedAt !== undefined ? 'Leverandør A/S' : '',
    supplierNotifiedAt: spec.supplierNotifiedAt ?? '',
  };
}

export function caseOf(spec: CaseSpec): BreachCase {
  let c: BreachCase = {
    id: spec.id,
    tenantId: 'tenant-a',
    number: spec.number,
    status: 'new',
    reportedAt: spec.reportedAt,
    reporter: { aadObjectId: 'aad-rikke', teamsUserId: '29:rikke', name: 'Rikke Reporter' },
    reporterAddress: { serviceUrl: 'https://smba.example/', conversationId: 'a:1', tenantId: 'tenant-a', channelId: 'msteams', botId: '28:b', botName: 'Brudvagt' },
    reporterLocale: 'da',
    report: baseReport(spec),
    cprMasked: false,
    work: emptyWork(),
    posts: [],
    linkedFrom: [],
    schedule: { sent: [], outbox: [] },
  };
  const t0 = Date.parse(spec.reportedAt);
  for (const [hours, cmd] of spec.steps ?? []) {
    const r = applyCommand(c.work, cmd, anna, new Date(t0 + hours * HOUR), workContext(c));
    if (!r.ok) assert.fail(`${spec.number}: ${cmd.type} refused: ${r.error}`);
    c = { ...c, work: r.work, status: r.status };
  }
  return c;
}

/** An instant `hours` after `iso`, as the commands take it. */
export const after = (iso: string, hours: number): string => new Date(Date.parse(iso) + hours * HOUR).toISOString();

export const justification = 'Risiko for de berørte: helbredsoplysninger.';
export const noRisk = 'Ingen risiko: brevet blev returneret uåbnet.';
export const feedback = { done: 'Brevet er hentet tilbage.', authorityNotified: '', dpoInformed: '', personsInformed: '', prevention: 'Dobbelttjek af adresser.' };

/**
 * A year whose figures are known (asserted in registerStatistics.test.ts and on the statistics card):
 * in time, late, not notified, never touched (overdue) and reopened.
 */
export const KNOWN_NOW = '2026-05-20T08:00:00.000Z';
export function knownYear(idPrefix = 'k'): BreachCase[] {
  const A = '2026-03-02T08:00:00.000Z';
  const B = '2026-03-10T08:00:00.000Z';
  const C = '2026-04-01T08:00:00.000Z';
  const D = '2026-05-10T08:00:00.000Z';
  const E = '2026-05-12T08:00:00.000Z';
  return [
    caseOf({
      id: `${idPrefix}a`, number: 'BV-2026-0001', reportedAt: A, units: ['skoler'], breachTypes: ['confidentiality'],
      steps: [
        [1, { type: 'acknowledge' }],
        [2, { type: 'assess', risk: 'high', decision: 'notify', justification }],
        [10, { type: 'recordAuthorityNotification', kind: 'initial', at: after(A, 10), reference: 'DT-A', followUpPending: false }],
        [12, { type: 'recordPersonsNotified', notifiedAt: after(A, 12), how: 'Brev', count: 3 }],
        [24, { type: 'close', closeReason: FIXTURE_CLOSE_REASON, lessonsLearned: 'Ingen.', feedback }],
      ],
    }),
    caseOf({
      id: `${idPrefix}b`, number: 'BV-2026-0002', reportedAt: B, units: ['skoler'], breachTypes: ['integrity'],
      steps: [
        [4, { type: 'assess', risk: 'risk', decision: 'notify', justification }],
        [80, { type: 'recordAuthorityNotification', kind: 'initial', at: after(B, 80), reference: 'DT-B', delayReason: 'Påske', followUpPending: false }],
        [100, { type: 'close', closeReason: FIXTURE_CLOSE_REASON, lessonsLearned: 'Vagtplan.', feedback }],
      ],
    }),
    caseOf({
      id: `${idPrefix}c`, number: 'BV-2026-0003', reportedAt: C, units: ['vej'], breachTypes: ['availability', 'confidentiality'],
      steps: [
        [1, { type: 'assess', risk: 'none', decision: 'do_not_notify', justification: noRisk }],
        [2, { type: 'close', closeReason: FIXTURE_CLOSE_REASON, lessonsLearned: 'Ingen.', feedback }],
      ],
    }),
    caseOf({ id: `${idPrefix}d`, number: 'BV-2026-0004', reportedAt: D, units: [], breachTypes: ['confidentiality'] }),
    caseOf({
      id: `${idPrefix}e`, number: 'BV-2026-0005', reportedAt: E, units: ['vej'], breachTypes: ['confidentiality'],
      steps: [
        [2, { type: 'assess', risk: 'high', decision: 'notify', justification }],
        [3, { type: 'recordAuthorityNotification', kind: 'initial', at: after(E, 3), reference: 'DT-E', followUpPending: false }],
        [4, { type: 'recordPersonsExemption', exemption: 'art34_3_a', explanation: 'Data var krypteret.' }],
        [5, { type: 'close', closeReason: FIXTURE_CLOSE_REASON, lessonsLearned: 'Ingen.', feedback }],
        [6, { type: 'reopen', reason: 'Ny viden' }],
      ],
    }),
  ];
}
