import type { Draft } from '../../src/app/ports';
import type { BreachCase } from '../../src/domain/case';
import { emptyReportValues } from '../../src/domain/report';
import { emptyWork } from '../../src/domain/caseWork';

export function makeCase(over: Partial<BreachCase> & { reporterAadId?: string } = {}): BreachCase {
  const { reporterAadId, ...rest } = over;
  const aad = reporterAadId ?? 'aad-reporter-1';
  return {
    id: 'case-1',
    tenantId: 'tenant-1',
    number: 'BV-2026-0001',
    status: 'new',
    reportedAt: '2026-03-01T10:00:00.000Z',
    reporter: { aadObjectId: aad, teamsUserId: `29:${aad}`, name: 'Anne Jensen' },
    reporterAddress: {
      serviceUrl: 'https://smba.example/',
      conversationId: 'a:conv',
      tenantId: 'tenant-1',
      channelId: 'msteams',
      botId: '28:bot',
      botName: 'Brudvagt',
    },
    reporterLocale: 'da',
    report: {
      reporterName: 'Anne Jensen',
      reporterPhone: '12345678',
      reporterEmail: 'anne@example.dk',
      reporterTitle: 'Sagsbehandler',
      reporterDepartment: 'Borgerservice',
      reporterCenter: 'Center for Borgerservice',
      unitIds: ['borgerservice'],
      breachTypes: ['confidentiality'],
      breachExample: 'wrong_recipient',
      whatHappened: 'Et brev blev sendt til en forkert modtager.',
      dataKinds: ['names', 'addresses'],
      dataKindsOther: '',
      personsAffected: 1,
      howHappened: 'Forkert adresse valgt.',
      discoveredAt: '2026-03-01T09:00:00.000Z',
      ongoing: 'stopped',
      system: 'SBSYS',
      supplierInvolved: 'no',
      supplierName: '',
      supplierNotifiedAt: '',
    },
    cprMasked: false,
    work: emptyWork(),
    posts: [],
    linkedFrom: [],
    schedule: { sent: [], outbox: [] },
    ...rest,
  };
}

/**
 * The case as a coordinator's take leaves it. The status is derived from the work (statusOf) when a
 * case is read, so a stored case is acknowledged when its work has an owner, not by its status field.
 */
export function acknowledged(c: BreachCase): BreachCase {
  const owner = { aadObjectId: 'aad-coordinator-1', teamsUserId: '29:aad-coordinator-1', name: 'Mette Koordinator' };
  return { ...c, status: 'acknowledged', work: { ...c.work, owner, acknowledgedAt: '2026-03-01T11:00:00.000Z' } };
}

/** The case as a close leaves it (closedAt set on an owned case). */
export function closed(c: BreachCase): BreachCase {
  const taken = acknowledged(c);
  return { ...taken, status: 'closed', work: { ...taken.work, closedAt: '2026-03-02T11:00:00.000Z' } };
}

export function makeDraft(over: Partial<Draft> = {}): Draft {
  return {
    tenantId: 'tenant-1',
    reporterAadId: 'aad-reporter-1',
    draftId: 'draft-1',
    stage: 'form',
    values: emptyReportValues(),
    errors: {},
    locale: 'da',
    reporter: { aadObjectId: 'aad-reporter-1', teamsUserId: '29:aad-reporter-1', name: 'Anne Jensen' },
    address: {
      serviceUrl: 'https://smba.example/',
      conversationId: 'a:conv',
      tenantId: 'tenant-1',
      channelId: 'msteams',
      botId: '28:bot',
      botName: 'Brudvagt',
    },
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    ...over,
  };
}
