import { FIXTURE_CLOSE_REASON } from '../helpers/closeReason';
import { strict as assert } from 'node:assert';
import { anonymizeIfDue, draftEntryId, expireDraft, withDraftRetention } from '../../src/app/retention';
import { nextAttention } from '../../src/app/reschedule';
import type { Draft, DraftRepository } from '../../src/app/ports';
import type { BreachCase } from '../../src/domain/case';
import { applyCommand, emptyWork, workContext, type CaseCommand } from '../../src/domain/caseWork';
import { DEFAULT_POLICY } from '../../src/domain/reminders';
import { emptyReportValues } from '../../src/domain/report';
import { addYears, DEFAULT_RETENTION, ERASED_TEXT } from '../../src/domain/retention';
import { memoryWorld, type MemoryWorld } from '../helpers/memoryPorts';
import { addressOf, anna, reporter, TENANT, unitChannel } from './fixtures';

const DAY = 24 * 3_600_000;
const CLOSED = '2026-11-24T12:00:00.000Z';

function closedCase(id: string): BreachCase {
  let c: BreachCase = {
    id,
    tenantId: TENANT,
    number: 'BV-2026-0101',
    status: 'new',
    reportedAt: '2026-11-24T10:00:00.000Z',
    reporter,
    reporterAddress: addressOf(reporter),
    reporterLocale: 'da',
    report: {
      reporterName: reporter.name, reporterPhone: '', reporterEmail: 'rikke@kommune.example', reporterTitle: '', reporterDepartment: '', reporterCenter: '',
      unitIds: ['borgerservice'], breachTypes: ['confidentiality'], breachExample: '', whatHappened: 'Brev til forkert borger', dataKinds: ['names'], dataKindsOther: '',
      personsAffected: 1, howHappened: '', discoveredAt: '2026-11-24T09:00:00.000Z', ongoing: 'stopped', system: '', supplierInvolved: 'no', supplierName: '', supplierNotifiedAt: '',
    },
    cprMasked: false,
    work: emptyWork(),
    posts: [{ unitId: 'borgerservice', unitName: 'Borgerservice', channel: unitChannel, viaCentral: false, locale: 'da', threadId: 't1', activityId: 'a1', postedAt: '2026-11-24T10:00:01.000Z' }],
    linkedFrom: [],
    schedule: { sent: [], outbox: [] },
  };
  const steps: [string, CaseCommand][] = [
    ['2026-11-24T11:00:00.000Z', { type: 'assess', risk: 'none', decision: 'do_not_notify', justification: 'Ingen risiko for borgeren her' }],
    [CLOSED, { type: 'close', closeReason: FIXTURE_CLOSE_REASON, lessonsLearned: 'Dobbelttjek', feedback: { done: 'Brevet er hentet', authorityNotified: '', dpoInformed: '', personsInformed: '', prevention: 'Dobbelttjek' } }],
  ];
  for (const [at, cmd] of steps) {
    const r = applyCommand(c.work!, cmd, anna, new Date(at), workContext(c));
    if (!r.ok) assert.fail(r.error);
    c = { ...c, work: r.work, status: r.status };
  }
  return c;
}

describe('retention use cases', () => {
  let world: MemoryWorld;
  beforeEach(() => {
    world = memoryWorld(CLOSED);
  });

  it('a closed case is next looked at closedAt + RETENTION_YEARS (configurable), an open or anonymized one never for retention', () => {
    const c = closedCase('c1');
    const now = new Date(CLOSED);
    assert.equal(nextAttention(c, now, DEFAULT_POLICY, 60_000)?.toISOString(), addYears(CLOSED, DEFAULT_RETENTION.years).toISOString());
    assert.equal(nextAttention(c, now, { ...DEFAULT_POLICY, retention: { years: 2, draftDays: 30 } }, 60_000)?.toISOString(), '2028-11-24T12:00:00.000Z');
    assert.equal(nextAttention({ ...c, anonymizedAt: CLOSED }, now, DEFAULT_POLICY, 60_000), null);
    assert.equal(nextAttention({ ...c, status: 'acknowledged', work: { ...c.work!, closedAt: null } }, now, DEFAULT_POLICY, 60_000), null);
  });

  it('a reopen between the read and the write wins: the write fails on the ETag, the re-read case is open, nothing anonymized or audited', async () => {
    await world.cases.create(closedCase('c2'));
    const read = (await world.cases.get(TENANT, 'c2'))!;
    const r = applyCommand(read.value.work!, { type: 'reopen' }, anna, new Date(CLOSED), workContext(read.value));
    assert.ok(r.ok);
    await world.cases.update({ ...read.value, work: r.work, status: r.status }, read.etag);

    const later = new Date(addYears(CLOSED, 5).getTime() + DAY);
    const result = await anonymizeIfDue(world.coordination, read, later, 120_000, 60_000);
    assert.equal(result.outcome, 'not_due');
    const stored = (await world.cases.get(TENANT, 'c2'))!.value;
    assert.equal(stored.status, 'acknowledged');
    assert.equal(stored.anonymizedAt, undefined);
    assert.equal(stored.report.whatHappened, 'Brev til forkert borger');
    assert.equal(world.audit.entries.filter((e) => e.action === 'case.anonymize').length, 0);
  });

  it('a case that is due is anonymized and audited by Brudvagt, once; a second attempt with the old version changes nothing', async () => {
    await world.cases.create(closedCase('c3'));
    const read = (await world.cases.get(TENANT, 'c3'))!;
    const later = new Date(addYears(CLOSED, 5).getTime() + 1000);
    assert.equal((await anonymizeIfDue(world.coordination, read, later, 120_000, 60_000)).outcome, 'anonymized');
    assert.equal((await anonymizeIfDue(world.coordination, read, later, 120_000, 60_000)).outcome, 'not_due');
    const audits = world.audit.entries.filter((e) => e.action === 'case.anonymize');
    assert.equal(audits.length, 1);
    assert.equal(audits[0].actorName, 'Brudvagt');
    assert.equal((await world.cases.get(TENANT, 'c3'))!.value.report.whatHappened, ERASED_TEXT);
  });

  describe('drafts', () => {
    const draft = (updatedAt: string): Draft => ({
      tenantId: TENANT, reporterAadId: reporter.aadObjectId, draftId: 'd1', stage: 'form', values: emptyReportValues(), errors: {}, locale: 'da',
      reporter, address: addressOf(reporter), createdAt: updatedAt, updatedAt,
    });
    const policy = { years: 5, draftDays: 30 };

    it('creating a draft writes its due-index row first, at updatedAt + DRAFT_RETENTION_DAYS', async () => {
      const drafts = withDraftRetention(world.drafts, world.schedule, 30);
      world.schedule.failNext('put', new Error('store down'));
      await assert.rejects(drafts.create(draft(CLOSED)));
      assert.equal(await world.drafts.get(TENANT, reporter.aadObjectId), null, 'no draft without its row');
      await drafts.create(draft(CLOSED));
      assert.deepEqual(world.schedule.entries().map((e) => [e.caseId, e.dueAt]), [[draftEntryId(reporter.aadObjectId), '2026-12-24T12:00:00.000Z']]);
    });

    it('the reporter touching the draft at the moment of deletion wins: the ETag refuses the delete, the re-read draft is kept', async () => {
      await withDraftRetention(world.drafts, world.schedule, 30).create(draft(CLOSED));
      const [entry] = world.schedule.entries();
      const now = new Date(Date.parse(CLOSED) + 31 * DAY);
      let raced = false;
      const racing: DraftRepository = {
        ...world.drafts,
        get: (t, a) => world.drafts.get(t, a),
        replace: (d, e) => world.drafts.replace(d, e),
        patch: (t, a, f, e) => world.drafts.patch(t, a, f, e),
        create: (d) => world.drafts.create(d),
        delete: async (t, a, etag) => {
          if (!raced) {
            raced = true;
            const current = (await world.drafts.get(t, a))!;
            await world.drafts.replace({ ...current.value, updatedAt: now.toISOString() }, current.etag);
          }
          return world.drafts.delete(t, a, etag);
        },
      };
      assert.equal(await expireDraft(racing, world.schedule, policy, entry, now), 'kept');
      assert.ok(await world.drafts.get(TENANT, reporter.aadObjectId));
      assert.deepEqual(world.schedule.entries().map((e) => e.dueAt), [new Date(now.getTime() + 30 * DAY).toISOString()]);
    });

    it('a row whose draft is gone is dropped', async () => {
      const key = await world.schedule.put(TENANT, draftEntryId('nobody'), new Date(CLOSED));
      const [entry] = world.schedule.entries();
      assert.equal(entry.key, key);
      assert.equal(await expireDraft(world.drafts, world.schedule, policy, entry, new Date(CLOSED)), 'gone');
      assert.deepEqual(world.schedule.entries(), []);
    });
  });
});
