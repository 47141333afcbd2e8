import { strict as assert } from 'node:assert';
import type { BreachCase } from '../../src/domain/case';
import { applyCommand, emptyWork, workContext, type CaseCommand, type CaseWork } from '../../src/domain/caseWork';
import { upgradeCase, upgradeReport, type StoredCase } from '../../src/domain/caseUpgrade';
import { caseClock } from '../../src/domain/caseWork';
import { clockStart } from '../../src/domain/deadline';
import { decide } from '../../src/domain/decide';
import { datatilsynetDraft } from '../../src/domain/notificationDrafts';
import { exportColumns } from '../../src/domain/register/exportColumns';
import { registerRecord } from '../../src/domain/register/record';
import { DEFAULT_POLICY } from '../../src/domain/reminders';
import { pickReportValues } from '../../src/domain/report';
import { validateReport, validateTiedReport } from '../../src/domain/reportValidation';
import { tiedCopy } from '../../src/domain/visibility';
import { exportLabels } from '../../src/i18n/exportTexts';
import { validReportValues } from '../helpers/reportValues';
import { makeCase } from '../storage/fixtures';

/** Issue 17, finding 2: unknown is not no. The supplier question's three answers, from the form to the export. */
describe('domain: the supplier question can be unanswered (issue 17, finding 2)', () => {
  const now = new Date('2026-03-02T10:00:00Z');
  const anna = { aadObjectId: 'aad-anna', teamsUserId: '29:anna', name: 'Anna Koordinator' };
  const claim = { token: 'tok', until: '2099-01-01T00:00:00Z' };
  const validate = (over: Record<string, string>) => validateReport(pickReportValues({ ...validReportValues(now), ...over }), now);
  const unanswered = (): BreachCase => {
    const c = makeCase();
    return { ...c, report: { ...c.report, supplierInvolved: 'unanswered' } };
  };

  describe('the form', () => {
    it('neither answer chosen is stored as unanswered; Ja and Nej as themselves; anything else is refused', () => {
      const none = validate({ supplierInvolved: '' });
      assert.ok(none.ok);
      assert.equal(none.report.supplierInvolved, 'unanswered');
      const no = validate({ supplierInvolved: 'no' });
      assert.equal(no.ok && no.report.supplierInvolved, 'no');
      const yes = validate({ supplierInvolved: 'yes', supplierName: 'Nexus A/S' });
      assert.deepEqual(yes.ok && [yes.report.supplierInvolved, yes.report.supplierName], ['yes', 'Nexus A/S']);
      const odd = validate({ supplierInvolved: 'maybe' });
      assert.deepEqual(odd.ok ? null : odd.errors.supplierInvolved, { code: 'invalidChoice' });
      // A name or a time typed while the question was left open is not stored (there is no yes to go with it).
      const stray = validate({ supplierInvolved: '', supplierName: 'Nexus A/S', supplierNotifiedDate: '2026-03-02', supplierNotifiedTime: '08:00' });
      assert.deepEqual(stray.ok && [stray.report.supplierInvolved, stray.report.supplierName, stray.report.supplierNotifiedAt], ['unanswered', '', '']);
    });

    it("a tied report copies the incident's answer as it is: unanswered stays unanswered, never «Nej»", () => {
      for (const answer of ['unanswered', 'yes', 'no'] as const) {
        const incident = { ...makeCase().report, supplierInvolved: answer };
        assert.equal(tiedCopy(incident).supplierInvolved, answer);
        const tied = validateTiedReport(pickReportValues({ whatHappened: 'Jeg kan heller ikke logge på Nexus.', discoveredDate: '2026-03-02', discoveredTime: '09:00' }), now, [], incident);
        assert.equal(tied.ok && tied.report.supplierInvolved, answer);
      }
    });
  });

  describe('cases stored before (caseUpgrade.ts)', () => {
    const stored = (supplierInvolved: unknown): StoredCase => {
      const c = makeCase();
      return { ...c, report: { ...c.report, supplierInvolved } } as unknown as StoredCase;
    };

    it('an old false reads as no (what the record said), true as yes; the new answers stay; a missing one is unanswered', () => {
      assert.equal(upgradeCase(stored(false)).report.supplierInvolved, 'no');
      assert.equal(upgradeCase(stored(true)).report.supplierInvolved, 'yes');
      for (const a of ['yes', 'no', 'unanswered'] as const) assert.equal(upgradeCase(stored(a)).report.supplierInvolved, a);
      assert.equal(upgradeCase(stored(undefined)).report.supplierInvolved, 'unanswered');
      assert.equal(upgradeCase(stored('garbage')).report.supplierInvolved, 'unanswered');
    });

    it('is idempotent and keeps the rest of the report', () => {
      const once = upgradeCase(stored(true));
      assert.deepEqual(upgradeCase(once as unknown as StoredCase), once);
      assert.deepEqual(upgradeReport(stored(false).report), { ...makeCase().report, supplierInvolved: 'no' });
    });

    it('a supplier_answered entry round-trips through the upgrade', () => {
      const entry = { at: now.toISOString(), by: 'Anna', event: 'supplier_answered', involved: 'yes', notifiedAt: '2026-03-02T08:00:00.000Z' };
      const c = { ...stored('yes'), work: { ...emptyWork(), timeline: [entry] } } as unknown as StoredCase;
      assert.deepEqual(upgradeCase(c).work.timeline[0], entry);
    });
  });

  describe('the deadline', () => {
    it('an unanswered question never starts the clock from a notice: the discovery, the safe reading', () => {
      const base = { discoveredAt: '2026-03-02T07:00:00Z', supplierNotifiedAt: '2026-03-02T09:00:00Z' };
      assert.equal(clockStart({ ...base, supplierInvolved: 'unanswered' }).basis, 'discovered');
      assert.equal(clockStart({ ...base, supplierInvolved: 'no' }).basis, 'discovered');
      assert.equal(clockStart({ ...base, supplierInvolved: 'yes' }).basis, 'supplier');
    });
  });

  describe('the coordinator answers on the card (case.answerSupplier)', () => {
    const run = (c: BreachCase, cmd: CaseCommand, work: CaseWork = c.work) => applyCommand(work, cmd, anna, now, workContext(c));

    it('refuses no choice, yes without a name, a notice in the future or after the awareness, and a closed case, each on its field', () => {
      const c = unanswered();
      const odd = run(c, { type: 'answerSupplier', involved: 'maybe' as 'yes' });
      assert.deepEqual(odd.ok ? null : [odd.error, odd.field], ['invalid_choice', 'involved']);
      const nameless = run(c, { type: 'answerSupplier', involved: 'yes', name: '  ' });
      assert.deepEqual(nameless.ok ? null : [nameless.error, nameless.field], ['required', 'name']);
      const long = run(c, { type: 'answerSupplier', involved: 'yes', name: 'x'.repeat(201) });
      assert.deepEqual(long.ok ? null : [long.error, long.field, long.limit], ['too_long', 'name', 200]);
      const future = run(c, { type: 'answerSupplier', involved: 'yes', name: 'Nexus A/S', notifiedAt: '2026-03-02T11:00:00Z' });
      assert.deepEqual(future.ok ? null : [future.error, future.field], ['in_future', 'notifiedAt']);
      // Aware at 08:00: the processor cannot have told us after the municipality knew from it.
      const aware = run(c, { type: 'setAware', at: '2026-03-02T08:00:00Z', reason: 'Leverandøren ringede.' });
      assert.ok(aware.ok);
      const late = run(c, { type: 'answerSupplier', involved: 'yes', name: 'Nexus A/S', notifiedAt: '2026-03-02T09:00:00Z' }, aware.work);
      assert.deepEqual(late.ok ? null : [late.error, late.field, late.conflict?.with], ['timeline_conflict', 'notifiedAt', 'aware']);
      const closed = { ...emptyWork(), closedAt: '2026-03-02T09:30:00Z', owner: { ...anna } };
      const onClosed = run(c, { type: 'answerSupplier', involved: 'no' }, closed);
      assert.equal(onClosed.ok ? null : onClosed.error, 'case_closed');
    });

    it('yes with a name and the notice: the report changes (masked), the timeline records it, the clock runs from the notice', () => {
      const c = unanswered();
      const d = decide(c, { type: 'answerSupplier', involved: 'yes', name: ' Nexus A/S, kontakt 010203-1234 ', notifiedAt: '2026-03-02T08:30:00Z' }, anna, now, claim, DEFAULT_POLICY);
      assert.ok(d.result.ok && d.next);
      assert.equal(d.next.report.supplierInvolved, 'yes');
      assert.equal(d.next.report.supplierName, 'Nexus A/S, kontakt 010203-xxxx');
      assert.equal(d.next.report.supplierNotifiedAt, '2026-03-02T08:30:00.000Z');
      assert.deepEqual(d.next.work.timeline.at(-1), { at: now.toISOString(), by: anna.name, event: 'supplier_answered', involved: 'yes', notifiedAt: '2026-03-02T08:30:00.000Z' });
      const start = clockStart(caseClock(d.next));
      assert.deepEqual([start.basis, start.at.toISOString()], ['supplier', '2026-03-02T08:30:00.000Z']);
      assert.equal(c.report.supplierInvolved, 'unanswered', 'the case given is left as it was');
    });

    it('yes without a time, and no: the name and notice go with a no', () => {
      const c = unanswered();
      const yes = decide(c, { type: 'answerSupplier', involved: 'yes', name: 'Nexus A/S' }, anna, now, claim, DEFAULT_POLICY);
      assert.deepEqual(yes.next && [yes.next.report.supplierInvolved, yes.next.report.supplierNotifiedAt], ['yes', '']);
      assert.equal(clockStart(caseClock(yes.next!)).basis, 'discovered');
      const no = decide(yes.next!, { type: 'answerSupplier', involved: 'no', name: 'ignored' }, anna, now, claim, DEFAULT_POLICY);
      assert.deepEqual(no.next && [no.next.report.supplierInvolved, no.next.report.supplierName, no.next.report.supplierNotifiedAt], ['no', '', '']);
      assert.deepEqual(no.next!.work.timeline.at(-1), { at: now.toISOString(), by: anna.name, event: 'supplier_answered', involved: 'no' });
    });
  });

  describe('the register, the export and the notification draft', () => {
    it('the record keeps unanswered; the export says «Ikke besvaret» / «Not answered», never «Nej»', () => {
      const cell = (c: BreachCase, locale: 'da' | 'en') => {
        const columns = exportColumns(exportLabels(locale), new Map());
        const r = registerRecord(c, now);
        return ['supplierInvolved', 'supplierName'].map((k) => columns.find((col) => col.key === k)!.cell(r));
      };
      assert.equal(registerRecord(unanswered(), now).supplierInvolved, 'unanswered');
      assert.deepEqual(cell(unanswered(), 'da'), [{ kind: 'text', text: 'Ikke besvaret' }, { kind: 'empty' }]);
      assert.deepEqual(cell(unanswered(), 'en'), [{ kind: 'text', text: 'Not answered' }, { kind: 'empty' }]);
      assert.deepEqual(cell(makeCase(), 'da'), [{ kind: 'text', text: 'Nej' }, { kind: 'empty' }]);
      const yes = makeCase();
      yes.report = { ...yes.report, supplierInvolved: 'yes', supplierName: 'Nexus A/S' };
      assert.deepEqual(cell(yes, 'da'), [{ kind: 'text', text: 'Ja' }, { kind: 'text', text: 'Nexus A/S' }]);
    });

    it('the Datatilsynet draft asks for the answer rather than leave it out as if it were no', () => {
      const org = { controllerName: 'Ishøj Kommune', dpoContact: 'DPO, dpo@kommune.example' };
      const open = unanswered();
      assert.match(datatilsynetDraft(open, open.work, org, now), /Databehandler\/leverandør: \[Udfyld: er en databehandler\/leverandør involveret\? \(ikke besvaret i anmeldelsen\)\]/);
      const no = makeCase();
      assert.doesNotMatch(datatilsynetDraft(no, no.work, org, now), /Databehandler\/leverandør:/);
    });
  });
});
