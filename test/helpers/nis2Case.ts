/** A breach case for the NIS2 / duty-table tests: a hacked fagsystem, reported by Rita with her name, mail and a CPR in the text. */
import { strict as assert } from 'node:assert';
import type { BreachCase, Person } from '../../src/domain/case';
import { applyCommand, emptyWork, workContext, type CaseCommand } from '../../src/domain/caseWork';
import type { Report } from '../../src/domain/report';

export const anna: Person = { aadObjectId: 'aad-anna', teamsUserId: '29:anna', name: 'Anna Koordinator' };

export function hackedCase(opts: { discoveredAt: string; reportedAt?: string }): BreachCase {
  const report: Report = {
    reporterName: 'Rita Reportersen',
    reporterPhone: '22 33 44 55',
    reporterEmail: 'rita.reportersen@ishoj.dk',
    reporterTitle: 'Sagsbehandler',
    reporterDepartment: 'Borgerservice',
    reporterCenter: 'Center for Borgerservice',
    unitIds: ['u1'],
    breachTypes: ['availability', 'confidentiality'],
    breachExample: 'hacked',
    whatHappened: 'Fagsystemet KMD Nexus er nede efter et angreb; borger 010190-1234 Jens Hansen ringede.',
    dataKinds: ['health', 'cpr'],
    dataKindsOther: '',
    personsAffected: 1200,
    howHappened: 'Rita Reportersen så en løsesumsbesked på skærmen.',
    discoveredAt: opts.discoveredAt,
    ongoing: 'ongoing',
    system: 'KMD Nexus',
    supplierInvolved: 'no',
    supplierName: '',
    supplierNotifiedAt: '',
  } as Report;
  return {
    id: 'case-nis2',
    tenantId: 'tenant-1',
    number: 'BV-2026-0042',
    status: 'new',
    reportedAt: opts.reportedAt ?? opts.discoveredAt,
    reporter: { aadObjectId: 'aad-rita', teamsUserId: '29:rita', name: 'Rita Reportersen' },
    reporterAddress: { serviceUrl: 'https://x', conversationId: 'c', tenantId: 'tenant-1', channelId: 'msteams', botId: 'b', botName: 'Brudvagt' },
    reporterLocale: 'da',
    report,
    cprMasked: false,
    work: emptyWork(),
    posts: [],
    linkedFrom: [],
    schedule: { sent: [], outbox: [] },
  };
}

/** Applies one command at instant `at` (ISO); fails the test when it is refused. */
export function apply(c: BreachCase, cmd: CaseCommand, at: string): BreachCase {
  const r = applyCommand(c.work, cmd, anna, new Date(at), workContext(c));
  if (!r.ok) assert.fail(`command ${cmd.type} refused: ${r.error}${r.field ? ` (${r.field})` : ''}`);
  return { ...c, work: r.work, status: r.status };
}

export const MARK: CaseCommand = { type: 'markNis2', reason: 'Fagsystemet er nede for hele kommunen: væsentlig driftsforstyrrelse.' };
