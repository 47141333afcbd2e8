/**
 * Issue 18: the nearest manager's rules, pure: what the form accepts, which of the two answers wins,
 * what the manager is owed and when, and what the manager's messages can hold (managerView).
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { BreachCase } from '../../src/domain/case';
import type { WorkEvent } from '../../src/domain/caseWork';
import { managerItemsOnClose, managerItemsOnOpen, managerStatus, NO_MANAGER, recordManagerOutcomes, validateManager } from '../../src/domain/nearestManager';
import type { FieldErrors, ReportValues } from '../../src/domain/report';
import { managerView } from '../../src/domain/visibility';
import { managerMessageText, managerTexts } from '../../src/i18n/managerTexts';
import { masked } from '../../src/domain/maskedText';
import { exportColumns } from '../../src/domain/register/exportColumns';
import type { RegisterRecord } from '../../src/domain/register/record';
import { exportLabels } from '../../src/i18n/exportTexts';
import { claimDue, MAX_DELIVERY_ATTEMPTS } from '../../src/domain/outbox';
import { DEFAULT_POLICY } from '../../src/domain/reminders';
import { makeCase } from '../storage/fixtures';
import type { OutboxItem } from '../../src/domain/case';
import { MANAGER_CLOSED, MANAGER_RECEIVED, REPORTER_TELL_MANAGER } from '../../src/domain/nearestManager';

const ID = '0a1b2c3d-0000-4000-8000-00000000abcd';
const v = (managerId: string, managerEmail: string) => ({ managerId: masked(managerId), managerEmail: masked(managerEmail) }) as Pick<ReportValues, 'managerId' | 'managerEmail'>;
const closed: WorkEvent[] = [{ type: 'status_changed', from: 'acknowledged', to: 'closed' }];

function aCase(manager?: { aadObjectId: string; email: string }, extra: Partial<BreachCase> = {}): BreachCase {
  return {
    id: 'c1',
    number: 'BV-2026-0042',
    report: { unitIds: ['skoler'], whatHappened: 'Hemmelig tekst', ...(manager ? { manager } : {}) },
    work: { authorityNotifications: [{ kind: 'initial', at: '2026-11-23T10:00:00Z' }], persons: null, feedback: { done: 'Feedbacktekst' }, lessonsLearned: 'Læring', linkedTo: null, incident: null },
    schedule: { sent: [], outbox: [] },
    posts: [],
    ...extra,
  } as unknown as BreachCase;
}

describe('domain: the nearest manager (issue 18)', () => {
  it('neither answer is allowed: no manager, no error', () => {
    const errors: FieldErrors = {};
    assert.equal(validateManager(v('', ''), errors), undefined);
    assert.equal(validateManager(v(NO_MANAGER, ''), errors), undefined, '«Ingen valgt» is no answer');
    assert.deepEqual(errors, {});
  });

  it('a picked id must be an Entra object id; a typed mail must be a mail', () => {
    const errors: FieldErrors = {};
    validateManager(v('DROP TABLE', 'not a mail'), errors);
    assert.equal(errors.managerId?.code, 'invalidChoice');
    assert.equal(errors.managerEmail?.code, 'invalidEmail');
    const long: FieldErrors = {};
    validateManager(v('', `${'x'.repeat(260)}@kommune.dk`), long);
    assert.deepEqual(long.managerEmail, { code: 'tooLong', limit: 254 });
  });

  it('the typed mail wins over a picked id, lower-cased', () => {
    assert.deepEqual(validateManager(v(ID, 'Leder@Kommune.DK'), {}), { aadObjectId: '', email: 'leder@kommune.dk' });
    assert.deepEqual(validateManager(v(ID.toUpperCase(), ''), {}), { aadObjectId: ID, email: '' });
  });

  it('a case with a manager owes the receipt at once; the close is owed unless the manager could not be reached', () => {
    assert.deepEqual(managerItemsOnOpen(aCase(), 'now'), []);
    const [receipt] = managerItemsOnOpen(aCase({ aadObjectId: ID, email: '' }), '2026-11-23T10:00:00.000Z');
    assert.equal(receipt.target, 'manager');
    assert.equal(receipt.kind, 'manager_received');
    const now = new Date('2026-11-24T10:00:00Z');
    assert.equal(managerItemsOnClose(aCase({ aadObjectId: ID, email: '' }), closed, now).length, 1);
    assert.equal(managerItemsOnClose(aCase({ aadObjectId: ID, email: '' }), [], now).length, 0, 'only a close');
    assert.equal(managerItemsOnClose(aCase({ aadObjectId: ID, email: '' }, { manager: { unreachableAt: 'x' } }), closed, now).length, 0);
    assert.equal(managerItemsOnClose(aCase(), closed, now).length, 0);
  });

  it('records told and unreachable; the first unreachable redraws the cards, a second does not', () => {
    const now = new Date('2026-11-23T11:00:00Z');
    let redraws = 0;
    const refresh = (c: BreachCase) => {
      redraws += 1;
      return c;
    };
    const c = aCase({ aadObjectId: '', email: 'l@k.dk' });
    assert.equal(managerStatus(c), 'pending');
    const told = recordManagerOutcomes(c, [{ id: 'manager:received@x', manager: 'told' }], now, refresh);
    assert.equal(managerStatus(told), 'told');
    const lost = recordManagerOutcomes(c, [{ id: 'manager:received@x', manager: 'unreachable' }], now, refresh);
    const again = recordManagerOutcomes(lost, [{ id: 'manager:closed@y', manager: 'unreachable' }], now, refresh);
    assert.equal(managerStatus(again), 'unreachable');
    assert.equal(redraws, 1);
    assert.equal(managerStatus(aCase()), 'not_named');
  });

  it("the manager's messages hold the number, the units and yes/no only, whatever the case's texts are", () => {
    fc.assert(
      fc.property(fc.string().map((s) => `HEMMELIG${s}TEKST`), fc.boolean(), (secret, notified) => {
        const c = aCase({ aadObjectId: ID, email: '' });
        const work = { ...c.work, feedback: { done: secret }, lessonsLearned: secret, authorityNotifications: notified ? c.work.authorityNotifications : [] };
        const k = { ...c, report: { ...c.report, whatHappened: secret, reporterName: secret }, work } as BreachCase;
        const received = managerView(k, 'received', ['Skoler']);
        const closedView = managerView(k, 'closed');
        assert.deepEqual(Object.keys(received).sort(), ['caseNumber', 'kind', 'units']);
        assert.deepEqual(Object.keys(closedView).sort(), ['authorityNotified', 'caseNumber', 'kind', 'personsNotified']);
        assert.equal((closedView as { authorityNotified: boolean }).authorityNotified, notified);
        for (const locale of ['da', 'en'] as const) {
          const text = managerMessageText(closedView, locale) + managerMessageText(received, locale);
          assert.ok(!text.includes('HEMMELIG') && !text.includes('TEKST'), text);
        }
      }),
    );
  });
});

describe('domain: the nearest manager, review findings (issue 18)', () => {
  const M = { aadObjectId: ID, email: '' };
  const now = new Date('2026-11-24T10:00:00Z');

  it('finding 1: a report linked to another unit\'s case: «handled together with another case», never a yes/no of either case', () => {
    const other = aCase(undefined, { number: 'BV-2026-0099', report: { unitIds: ['veje'] } as BreachCase['report'] });
    other.work = { ...other.work, persons: { notifiedAt: '2026-11-23T12:00:00Z' } } as unknown as BreachCase['work'];
    const linked = aCase(M, { work: { ...aCase().work, authorityNotifications: [], linkedTo: 'BV-2026-0099' } as unknown as BreachCase['work'] });
    for (const target of [other, undefined]) {
      const view = managerView(linked, 'closed', target);
      assert.deepEqual(view, { kind: 'closed', caseNumber: 'BV-2026-0042', handledWithOtherCase: true });
      const da = managerMessageText(view, 'da');
      assert.match(da, /BV-2026-0042 er håndteret sammen med en anden sag og lukket/);
      assert.ok(!/Datatilsynet|underrettet|nej|ja\b|BV-2026-0099/.test(da), da);
      const en = managerMessageText(view, 'en');
      assert.match(en, /handled together with another case and closed/);
      assert.ok(!/Datatilsynet|notified|BV-2026-0099/.test(en), en);
    }
    // The same unit's case: its facts, as its reporter reads them (sharesFeedback).
    const same = aCase(undefined, { number: 'BV-2026-0099' });
    assert.deepEqual(managerView(linked, 'closed', same), { kind: 'closed', caseNumber: 'BV-2026-0042', authorityNotified: true, personsNotified: false });
  });

  it('finding 2: the close is owed once in a case\'s life (told, tried, or already waiting in the outbox)', () => {
    assert.equal(managerItemsOnClose(aCase(M, { manager: { receivedAt: 'a', closedAt: 'b' } }), closed, now).length, 0, 'told already');
    assert.equal(managerItemsOnClose(aCase(M, { manager: { receivedAt: 'a', closeUnreachableAt: 'b' } }), closed, now).length, 0, 'tried already');
    const [item] = managerItemsOnClose(aCase(M, { manager: { receivedAt: 'a' } }), closed, now);
    const waiting = aCase(M, { manager: { receivedAt: 'a' }, schedule: { sent: [], outbox: [item] } });
    assert.equal(managerItemsOnClose(waiting, closed, new Date(now.getTime() + 60_000)).length, 0, 'one waiting');
  });

  const item = (kind: string, attempts: number): OutboxItem => ({ id: `${kind === MANAGER_CLOSED ? 'manager:closed' : 'manager:received'}@x`, kind, target: 'manager', at: 'x', leaseUntil: '2026-11-24T09:00:00Z', attempts });
  const claim = { token: 'claim-1', until: '2026-11-24T10:02:00Z' };
  const withOutbox = (items: OutboxItem[], manager?: BreachCase['manager']) =>
    makeCase({ status: 'acknowledged', report: { ...makeCase().report, manager: M } as BreachCase['report'], ...(manager ? { manager } : {}), schedule: { sent: [], outbox: items } });

  it('finding 3: a receipt given up is recorded as unreachable in the same write, and the reporter is asked in the same delivery', () => {
    const c = withOutbox([item(MANAGER_RECEIVED, MAX_DELIVERY_ATTEMPTS)]);
    assert.equal(managerStatus(c), 'pending');
    const due = claimDue(c, now, DEFAULT_POLICY, claim)!;
    assert.deepEqual(due.givenUp.map((i) => i.kind), [MANAGER_RECEIVED]);
    assert.equal(managerStatus(due.next), 'unreachable');
    assert.equal(due.next.manager?.unreachableAt, now.toISOString());
    const ask = due.claimed.filter((i) => i.kind === REPORTER_TELL_MANAGER);
    assert.equal(ask.length, 1);
    assert.equal(ask[0].target, 'reporter');
    assert.equal(ask[0].claim, claim.token);
    assert.ok(due.next.schedule.outbox.some((i) => i.kind === REPORTER_TELL_MANAGER), 'in the written outbox');
    assert.ok(!due.next.schedule.outbox.some((i) => i.target === 'manager'), 'the manager item is gone');
  });

  it('finding 3: a close given up after a told receipt is recorded apart; the manager stays told and nobody is asked', () => {
    const c = withOutbox([item(MANAGER_CLOSED, MAX_DELIVERY_ATTEMPTS)], { receivedAt: '2026-11-23T10:00:00Z' });
    const due = claimDue(c, now, DEFAULT_POLICY, claim)!;
    assert.equal(due.next.manager?.closeUnreachableAt, now.toISOString());
    assert.equal(managerStatus(due.next), 'told');
    assert.ok(!due.claimed.some((i) => i.kind === REPORTER_TELL_MANAGER));
  });

  it('finding 4: told of the receipt, the close refused: the register says «ja», not «kunne ikke nås»', () => {
    const c = aCase({ aadObjectId: '', email: 'l@k.dk' });
    const told = recordManagerOutcomes(c, [{ id: 'manager:received@x', manager: 'told' }], now, (x) => x);
    const refused = recordManagerOutcomes(told, [{ id: 'manager:closed@y', manager: 'unreachable' }], now, (x) => x);
    assert.equal(managerStatus(refused), 'told');
    assert.equal(refused.manager?.closeUnreachableAt, now.toISOString());
    assert.equal(refused.manager?.unreachableAt, undefined);
    // Stored by the earlier version (unreachableAt after a told receipt): still «told».
    assert.equal(managerStatus(aCase(c.report.manager, { manager: { receivedAt: 'a', unreachableAt: 'b' } })), 'told');
  });

  it('finding 6: the form\'s help claims no «only» the close would break, and is no longer than before (the phone form\'s height)', () => {
    for (const [locale, before] of [['da', 'Lederen får kun sagsnummer og enhed.'], ['en', 'Your manager only gets the case number and unit.']] as const) {
      const help = managerTexts(locale).form.help;
      assert.ok(!/\bkun\b|\bonly\b/i.test(help), help);
      assert.ok(help.length <= Math.max(before.length, 45), `${help.length} characters`);
      // The receipt says what the manager is told, the close's two facts included.
      assert.match(managerTexts(locale).reporter.managerTold, locale === 'da' ? /Datatilsynet/ : /Datatilsynet/);
    }
  });
});

describe('domain: the nearest manager in the register (issue 18)', () => {
  it('the export has «Nærmeste leder orienteret» with ja / nej / kunne ikke nås / ikke oplyst', () => {
    const column = exportColumns(exportLabels('da'), new Map()).find((c) => c.key === 'managerStatus');
    assert.ok(column, 'a column');
    assert.equal(column.header, 'Nærmeste leder orienteret');
    const cell = (status: RegisterRecord['managerStatus']) => column.cell({ managerStatus: status } as RegisterRecord);
    assert.deepEqual(cell('told'), { kind: 'text', text: 'Ja' });
    assert.deepEqual(cell('pending'), { kind: 'text', text: 'Nej' });
    assert.deepEqual(cell('unreachable'), { kind: 'text', text: 'Kunne ikke nås' });
    assert.deepEqual(cell('not_named'), { kind: 'text', text: 'Ikke oplyst' });
    assert.equal(exportColumns(exportLabels('en'), new Map()).find((c) => c.key === 'managerStatus')?.header, 'Nearest manager informed');
  });
});
