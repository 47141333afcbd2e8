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
import { managerMessageText } from '../../src/i18n/managerTexts';
import { masked } from '../../src/domain/maskedText';
import { exportColumns } from '../../src/domain/register/exportColumns';
import type { RegisterRecord } from '../../src/domain/register/record';
import { exportLabels } from '../../src/i18n/exportTexts';

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
