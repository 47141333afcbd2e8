import { FIXTURE_CLOSE_REASON } from '../helpers/closeReason';
import { strict as assert } from 'node:assert';
import type { BreachCase, Person } from '../../src/domain/case';
import { applyCommand, emptyWork, workContext, type CaseCommand } from '../../src/domain/caseWork';
import type { Report } from '../../src/domain/report';
import {
  addYears,
  anonymizationDueAt,
  anonymizeCase,
  canReopen,
  draftExpiresAt,
  isAnonymizationDue,
  ERASED_TEXT,
  REPORT_RETENTION,
} from '../../src/domain/retention';
import { registerRecord, registerSummary } from '../../src/domain/register/record';
import { registerStatistics } from '../../src/domain/register/statistics';

const HOUR = 3_600_000;
const REPORTED = '2026-03-02T08:00:00.000Z';
const DISCOVERED = '2026-02-27T08:00:00.000Z'; // more than 72 h before: the initial notification is late
const at = (hours: number) => new Date(Date.parse(REPORTED) + hours * HOUR);
const iso = (hours: number) => at(hours).toISOString();

const anna: Person = { aadObjectId: 'aad-anna-7f3e', teamsUserId: '29:anna-teams-7f3e', name: 'Anna Koordinatorsen' };
const bo: Person = { aadObjectId: 'aad-bo-9c1d', teamsUserId: '29:bo-teams-9c1d', name: 'Bo Overtagersen' };

/** Every value a person typed or that names a person: distinctive, so a substring search finds any copy. */
const report: Report = {
  reporterName: 'Rikke Reportersen',
  reporterPhone: '+45 31 41 59 26',
  reporterEmail: 'rikke.reportersen@kommune.example',
  reporterTitle: 'Socialrådgiverfunktion',
  reporterDepartment: 'Familieafdelingsenheden',
  reporterCenter: 'Center for Børneliv',
  unitIds: ['skoler', 'born'],
  breachTypes: ['confidentiality', 'availability'],
  breachExample: 'wrong_recipient',
  whatHappened: 'Journalnotat om familien Hansen sendt til forkert forælder',
  dataKinds: ['names', 'health', 'children', 'other'],
  dataKindsOther: 'Skoleudtalelser om eleven',
  personsAffected: 4,
  personsEstimate: { kind: 'approximate', count: 4 },
  howHappened: 'Autofuldførelse valgte en anden modtager i Outlook',
  discoveredAt: DISCOVERED,
  ongoing: 'stopped',
  system: 'Elevsystemet Skolestjerne',
  supplierInvolved: 'yes',
  supplierName: 'Leverandørfirmaet Dataservice',
  supplierNotifiedAt: '2026-02-27T09:00:00.000Z',
  manager: { aadObjectId: '', email: 'leder.ledersen@kommune.example' },
};

const steps = (variant: 'notified' | 'exempted'): [number, Person, CaseCommand][] => [
  [0.5, anna, { type: 'acknowledge' }],
  [1, anna, { type: 'setAware', at: iso(0.75), reason: 'Bekræftet i telefonsamtale med skolelederen' }],
  [1.5, anna, { type: 'setStopped', stopped: 'yes', stopHow: 'Modtageren slettede mailen og bekræftede skriftligt' }],
  [2, anna, {
    type: 'assess',
    risk: 'high',
    enisa: { dpcBase: 4, dpcAdjust: 0, ei: 1, confidentiality: 0.25, integrity: 0, availability: 0.25, malicious: false },
    decision: 'notify',
    justification: 'Helbredsoplysninger om et barn til en uvedkommende forælder',
  }],
  [3, anna, { type: 'recordAuthorityNotification', kind: 'initial', at: iso(3), reference: 'DT-2026-4711', delayReason: 'Leverandøren svarede først efter weekenden', followUpPending: true }],
  [4, anna, { type: 'handOver', to: bo }],
  [5, bo, { type: 'recordAuthorityNotification', kind: 'follow_up', at: iso(5), reference: 'DT-2026-4711-2', followUpPending: false }],
  variant === 'notified'
    ? [6, bo, { type: 'recordPersonsNotified', notifiedAt: iso(6), how: 'Brev i e-Boks til begge forældre', count: 2 }]
    : [6, bo, { type: 'recordPersonsExemption', exemption: 'art34_3_b', explanation: 'Modtageren har slettet brevet under tilsyn af skolelederen' }],
  [7, bo, { type: 'dpoInformed', at: iso(7) }],
  [8, bo, { type: 'journalize', sbsysJournalNo: '27.00.00-A00-17-26' }],
  [9, bo, { type: 'addNote', text: 'Forælderen ringede og var vred over brevet' }],
  [9.5, anna, { type: 'link', toCaseNumber: 'BV-2026-0003' }],
  [10, bo, { type: 'close', closeReason: FIXTURE_CLOSE_REASON, lessonsLearned: 'Slå autofuldførelse fra på skolernes postkasser', feedback: { done: 'Mailen er slettet hos modtageren', authorityNotified: 'Anmeldt sent pga. leverandør', dpoInformed: 'DPO orienteret mundtligt', personsInformed: 'Forældrene har fået brev', prevention: 'Ny instruks om modtagerkontrol' } }],
  [11, anna, { type: 'reopen', reason: 'Forælderen klagede over sagsbehandlingen' }],
  [12, anna, { type: 'close', closeReason: FIXTURE_CLOSE_REASON, lessonsLearned: 'Ingen nye erfaringer efter klagen fra forælderen', feedback: { done: 'Klagen er besvaret af centerchefen', authorityNotified: '', dpoInformed: '', personsInformed: '', prevention: 'Ny instruks om modtagerkontrol' } }],
];

function worked(variant: 'notified' | 'exempted'): BreachCase {
  let c: BreachCase = {
    id: `case-${variant}`,
    tenantId: 'tenant-ret',
    number: 'BV-2026-0042',
    status: 'new',
    reportedAt: REPORTED,
    reporter: { aadObjectId: 'aad-rikke-5b2a', teamsUserId: '29:rikke-teams-5b2a', name: 'Rikke Reportersen' },
    reporterAddress: { serviceUrl: 'https://smba.example/emea/', conversationId: 'a:rikke-1on1-conversation', tenantId: 'tenant-ret', channelId: 'msteams', botId: '28:brudvagt-bot', botName: 'Brudvagt' },
    reporterLocale: 'da',
    report,
    cprMasked: true,
    work: emptyWork(),
    posts: [],
    linkedFrom: [{ number: 'BV-2026-0044', at: '2026-03-02T09:00:00.000Z', reporterName: 'Kim Anmelder', units: [{ id: 'u1', name: 'Skoler' }] }],
    schedule: {
      key: 'k',
      sent: ['ack:2026-03-02T08:30:00.000Z'],
      outbox: [
        { id: 'reporter:acknowledged@x', kind: 'reporter_acknowledged', target: 'reporter', detail: 'Anna Koordinatorsen', at: iso(1), leaseUntil: iso(1), attempts: 1 },
        { id: 'line:c:t:0', kind: 'thread_line', target: 'post', channelId: 'c', at: iso(1), leaseUntil: iso(1), attempts: 1, line: { at: iso(1), by: 'Bo Overtagersen', event: 'handed_over', to: 'Bo Overtagersen' } },
      ],
    },
  };
  for (const [hours, actor, cmd] of steps(variant)) {
    const r = applyCommand(c.work ?? emptyWork(), cmd, actor, at(hours), workContext(c));
    if (!r.ok) assert.fail(`${cmd.type} refused: ${r.error} ${r.field ?? ''}`);
    c = { ...c, work: r.work, status: r.status };
  }
  assert.equal(c.status, 'closed');
  return c;
}

/** Values at a path: `a.b[].c` maps over arrays; `[event=x]` filters timeline-like arrays. */
function valuesAt(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const part of path.split('.')) {
    const m = /^(\w+)(\[\]|\[(\w+)=(\w+)\])?$/.exec(part)!;
    current = current.map((v) => (v as Record<string, unknown>)?.[m[1]]);
    if (m[2]) {
      current = current.flatMap((v) => (Array.isArray(v) ? v : []));
      if (m[3]) current = current.filter((v) => (v as Record<string, unknown>)[m[3]] === m[4]);
    }
  }
  return current;
}

/** Personal data: each path must hold a value in the original, and none of it may survive. */
const PERSONAL: string[] = [
  'reporter.aadObjectId', 'reporter.teamsUserId', 'reporter.name',
  'reporterAddress.serviceUrl', 'reporterAddress.conversationId',
  ...(Object.keys(REPORT_RETENTION) as (keyof Report)[]).filter((f) => REPORT_RETENTION[f] === 'erase').map((f) => `report.${f}`),
  'work.owner.aadObjectId', 'work.owner.teamsUserId', 'work.owner.name',
  'work.awareReason', 'work.stopHow',
  'work.assessment.justification', 'work.assessment.decidedBy',
  'work.authorityNotifications[].delayReason',
  'work.notes[].by', 'work.notes[].text',
  'work.lessonsLearned',
  'work.feedback.done', 'work.feedback.prevention',
  'work.timeline[].by',
  'work.timeline[event=handed_over].to', 'work.timeline[event=reopened].reason',
  'schedule.outbox[].detail', 'schedule.outbox[].line.by',
  'linkedFrom[].reporterName',
];
const PERSONAL_BY_VARIANT = { notified: ['work.persons.how'], exempted: ['work.persons.explanation'] };

/** Register facts and statistics: identical before and after. */
const KEPT: string[] = [
  'id', 'tenantId', 'number', 'status', 'reportedAt', 'reporterLocale', 'cprMasked', 'linkedFrom[].number', 'linkedFrom[].at', 'linkedFrom[].units', 'posts',
  ...(Object.keys(REPORT_RETENTION) as (keyof Report)[]).filter((f) => REPORT_RETENTION[f] === 'keep').map((f) => `report.${f}`),
  'work.acknowledgedAt', 'work.awareAt', 'work.stopped',
  'work.assessment.risk', 'work.assessment.enisaInput', 'work.assessment.enisaResult', 'work.assessment.decision', 'work.assessment.decidedAt',
  'work.authorityNotifications[].kind', 'work.authorityNotifications[].at', 'work.authorityNotifications[].reference', 'work.authorityNotifications[].followUpPending',
  'work.dpoInformedAt', 'work.sbsysJournalNo', 'work.linkedTo', 'work.closedAt',
  'work.notes[].at',
  'work.timeline[].at', 'work.timeline[].event',
  // The facts of each event (what its old `detail` string held).
  'work.timeline[event=aware_set].awareAt', 'work.timeline[event=stopped_set].stopped',
  'work.timeline[event=assessed].risk', 'work.timeline[event=assessed].decision', 'work.timeline[event=assessed].enisa',
  'work.timeline[event=authority_notified].kind', 'work.timeline[event=authority_notified].reference',
  'work.timeline[event=dpo_informed].informedAt', 'work.timeline[event=journalized].journalNo', 'work.timeline[event=linked].toCaseNumber',
  'schedule.sent',
];
const KEPT_BY_VARIANT = {
  notified: ['work.persons.notifiedAt', 'work.persons.count', 'work.timeline[event=persons_notified].count'],
  exempted: ['work.persons.exemption', 'work.timeline[event=persons_exempted].exemption'],
};

function stringLeaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringLeaves);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringLeaves);
  return [];
}

describe('retention: anonymizing a closed case', () => {
  const NOW = new Date('2031-03-02T20:00:00.000Z');

  for (const variant of ['notified', 'exempted'] as const) {
    describe(`a fully worked case (${variant}, handed over, late, reopened and closed again)`, () => {
      const original = worked(variant);
      const anonymized = anonymizeCase(original, NOW);
      const json = JSON.stringify(anonymized);

      for (const path of [...PERSONAL, ...PERSONAL_BY_VARIANT[variant]]) {
        it(`erases ${path}`, () => {
          const before = stringLeaves(valuesAt(original, path)).filter((s) => s !== '');
          assert.ok(before.length > 0, `the fixture must hold a value at ${path}`);
          for (const value of before) {
            assert.ok(!json.includes(JSON.stringify(value).slice(1, -1)), `"${value}" (${path}) survives in the anonymized case`);
          }
        });
      }

      for (const path of [...KEPT, ...KEPT_BY_VARIANT[variant]]) {
        it(`keeps ${path}`, () => {
          const before = valuesAt(original, path);
          assert.ok(before.some((v) => v !== undefined && v !== null), `the fixture must hold a value at ${path}`);
          assert.deepEqual(valuesAt(anonymized, path), before);
        });
      }

      it('no string of the personal data survives anywhere in the JSON (whole-object walk)', () => {
        const personal = new Set([...PERSONAL, ...PERSONAL_BY_VARIANT[variant]].flatMap((p) => stringLeaves(valuesAt(original, p))).filter((s) => s.length >= 3));
        // Values that are also register facts (a reference, a code) are not personal: none here.
        const facts = new Set([...KEPT, ...KEPT_BY_VARIANT[variant]].flatMap((p) => stringLeaves(valuesAt(original, p))));
        for (const leaf of stringLeaves(anonymized)) {
          if (facts.has(leaf)) continue;
          for (const value of personal) assert.ok(!leaf.includes(value), `"${value}" survives in "${leaf}"`);
        }
      });

      it('says when, keeps the shape, and is idempotent', () => {
        assert.equal(anonymized.anonymizedAt, NOW.toISOString());
        assert.deepEqual(Object.keys(anonymized).sort(), [...Object.keys(original), 'anonymizedAt'].sort());
        assert.equal(anonymized.work!.timeline.length, original.work!.timeline.length);
        assert.equal(anonymized.work!.notes.length, original.work!.notes.length);
        assert.ok(anonymized.work!.owner, 'the case still had an owner');
        assert.equal(anonymized.work!.assessment!.justification, ERASED_TEXT, 'a justification was recorded (its words are gone)');
        assert.equal(anonymized.report.reporterName, ERASED_TEXT);
        assert.equal(anonymized.work!.owner!.name, '', 'names become empty');
        assert.deepEqual(anonymizeCase(anonymized, new Date(NOW.getTime() + HOUR)), anonymized);
        // Nothing is owed to the reporter any more (there is no address), no thread line with a name.
        assert.deepEqual(anonymized.schedule!.outbox, []);
      });

      it("the register's summary and statistics are the same before and after", () => {
        for (const now of [NOW, new Date('2040-01-01T00:00:00Z')]) {
          // The system's and the supplier's names (issue 18 part 4) are erased with the report's texts: the
          // case no longer counts under a name in «Systemer og leverandører».
          const { headline: headlineBefore, systemKey: _s, systemLabel: _sl, supplierKey: _p, supplierLabel: _pl, ...before } = registerSummary(registerRecord(original, now));
          const { headline: headlineAfter, ...after } = registerSummary(registerRecord(anonymized, now));
          assert.deepEqual(after, before);
          // The list's line of what happened is the reporter's text: erased with it (issue 17).
          assert.notEqual(headlineBefore, ERASED_TEXT);
          assert.equal(headlineAfter, ERASED_TEXT);
          assert.equal(before.justified, true, 'the fixture has a justified decision');
          assert.deepEqual(registerStatistics([after], now), registerStatistics([before], now));
        }
      });

      it('leaves the original untouched (pure)', () => {
        assert.deepEqual(original, worked(variant));
      });
    });
  }

  it("an implicit acknowledgement keeps its code ('implicit'): a code, not a name", () => {
    const c = worked('notified');
    const implicit: BreachCase = { ...c, work: { ...c.work!, timeline: [{ at: iso(1), by: 'Anna Koordinatorsen', event: 'acknowledged', implicit: true }] } };
    assert.deepEqual(anonymizeCase(implicit, NOW).work!.timeline, [{ at: iso(1), by: '', event: 'acknowledged', implicit: true }]);
  });

  it('a free text that was never given stays null (not invented)', () => {
    const c = worked('notified');
    const sparse: BreachCase = { ...c, work: { ...c.work!, awareReason: null, stopHow: null } };
    const out = anonymizeCase(sparse, NOW);
    assert.equal(out.work!.awareReason, null);
    assert.equal(out.work!.stopHow, null);
  });
});

describe('retention: when', () => {
  const closed = worked('notified');
  const closedAt = closed.work!.closedAt!;

  const cases: [string, string, number, string][] = [
    ['5 years after closing', '2026-03-02T20:00:00.000Z', 5, '2031-03-02T20:00:00.000Z'],
    ['29 February in a common year becomes 1 March', '2028-02-29T10:00:00.000Z', 1, '2029-03-01T10:00:00.000Z'],
    ['across DST: plain UTC years', '2026-07-01T12:00:00.000Z', 3, '2029-07-01T12:00:00.000Z'],
  ];
  for (const [name, from, years, expected] of cases) {
    it(name, () => assert.equal(addYears(from, years).toISOString(), expected));
  }

  it('a closed case is due at closedAt + years, not a millisecond before', () => {
    const due = anonymizationDueAt(closed, 5)!;
    assert.equal(due.toISOString(), addYears(closedAt, 5).toISOString());
    assert.equal(isAnonymizationDue(closed, new Date(due.getTime() - 1), 5), false);
    assert.equal(isAnonymizationDue(closed, due, 5), true);
  });

  it('an open (reopened) case, and an anonymized one, are never due', () => {
    const reopened = applyCommand(closed.work!, { type: 'reopen' }, anna, at(13), workContext(closed));
    assert.ok(reopened.ok);
    const open: BreachCase = { ...closed, work: reopened.work, status: reopened.status };
    assert.equal(anonymizationDueAt(open, 5), null);
    assert.equal(isAnonymizationDue(open, new Date('2099-01-01T00:00:00Z'), 5), false);
    const done = anonymizeCase(closed, new Date('2031-03-03T00:00:00Z'));
    assert.equal(anonymizationDueAt(done, 5), null);
    assert.equal(canReopen(done), false);
    assert.equal(canReopen(closed), true);
    // The domain refuses it: an anonymized case stays closed.
    const refused = applyCommand(done.work!, { type: 'reopen', reason: 'Ny klage' }, anna, at(14), workContext(done));
    assert.deepEqual(refused, { ok: false, error: 'anonymized' });
    assert.ok(applyCommand(closed.work!, { type: 'reopen' }, anna, at(14), workContext(closed)).ok);
  });

  it('a draft expires draftDays after it was last touched', () => {
    assert.equal(draftExpiresAt('2026-11-01T10:00:00.000Z', 30).toISOString(), '2026-12-01T10:00:00.000Z');
  });
});
