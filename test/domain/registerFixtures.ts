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
    supplierInvolved: spec.supplierNotifiedAt !== undefined,
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
  };
  const t0 = Date.parse(spec.reportedAt);
  for (const [hours, cmd] of spec.steps ?? []) {
    const r = applyCommand(c.work ?? emptyWork(), c.status, cmd, anna, new Date(t0 + hours * HOUR), workContext(c));
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
