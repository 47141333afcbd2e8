/**
 * Issue 17, finding 1: a timeline that can have happened. Properties over random timelines (every
 * accepted sequence of commands leaves a possible timeline; an instant before the origin is always
 * refused, with its field), and tables for the edges: a processor's breach, DST, the order the law
 * implies, the server-stamped close and reopen, and what `sager tjek` finds on a stored case.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Person } from '../../src/domain/case';
import {
  applyCommand,
  close,
  emptyWork,
  recordAuthorityNotification,
  recordPersonsNotified,
  dpoInformed,
  reopen,
  setAware,
  setStopped,
  type CaseCommand,
  type CaseWork,
  type CommandResult,
  type WorkContext,
} from '../../src/domain/caseWork';
import { timelineProblems, timelineOrigin, FUTURE_TOLERANCE_MS } from '../../src/domain/caseWork/timeline';
import { domainErrorMessage, domainErrorText } from '../../src/i18n/caseMessages';
import { timelineProblemText } from '../../src/i18n/timelineTexts';
import { parseChannelCommand } from '../../src/domain/unit';
import { isRegisterCommand } from '../../src/teams/registerHandlers';

const anna: Person = { aadObjectId: 'aad-anna', teamsUserId: '29:anna', name: 'Anna Koordinator' };
const MIN = 60_000;
const HOUR = 60 * MIN;
const feedback = { done: 'Brevet er hentet tilbage.', authorityNotified: '', dpoInformed: '', personsInformed: '', prevention: 'Dobbelttjek af adresser.' };
const closeCmd = { lessonsLearned: 'Ingen.', feedback, closeReason: 'Trinene er gjort uden for Brudvagt.' };

function ok(r: CommandResult): CaseWork {
  if (!r.ok) assert.fail(`expected ok, got ${r.error}${r.field ? ` (${r.field})` : ''} ${JSON.stringify(r.conflict ?? '')}`);
  return r.work;
}

// ---------------------------------------------------------------------------
// Properties

/** One command at an instant `offsetMin` minutes from the origin (negative: before it). */
type Step = { kind: 'aware' | 'initial' | 'follow_up' | 'persons' | 'dpo' | 'dpoNow' | 'stopped' | 'assess' | 'close' | 'reopen' | 'exempt'; offsetMin: number; advanceMin: number };

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom('aware', 'initial', 'follow_up', 'persons', 'dpo', 'dpoNow', 'stopped', 'assess', 'close', 'reopen', 'exempt'),
  // From two days before the origin to ten days after.
  offsetMin: fc.integer({ min: -48 * 60, max: 10 * 24 * 60 }),
  advanceMin: fc.integer({ min: 0, max: 36 * 60 }),
});

/** A case: discovered somewhere in 2026 (both DST changes included), maybe a processor's breach. */
const ctxArb = fc
  .record({
    discovered: fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-20T00:00:00Z') }).map((t) => Math.floor(t / MIN) * MIN),
    processor: fc.constantFrom('none', 'with_time', 'without_time', 'time_not_involved'),
    // The processor told us from an hour before our own "discovered" to two days after.
    supplierOffsetMin: fc.integer({ min: -60, max: 48 * 60 }),
    // The report form accepts a discovery up to 5 minutes ahead of the server's clock.
    reportLagMin: fc.integer({ min: -5, max: 600 }),
  })
  .map(({ discovered, processor, supplierOffsetMin, reportLagMin }) => {
    const supplierAt = new Date(discovered + supplierOffsetMin * MIN).toISOString();
    const ctx: WorkContext = {
      caseNumber: 'BV-2026-0042',
      discoveredAt: new Date(discovered).toISOString(),
      ...(processor === 'with_time' ? { supplierInvolved: 'yes', supplierNotifiedAt: supplierAt } : {}),
      ...(processor === 'without_time' ? { supplierInvolved: 'yes', supplierNotifiedAt: '' } : {}),
      ...(processor === 'time_not_involved' ? { supplierInvolved: 'no', supplierNotifiedAt: supplierAt } : {}),
    };
    const firstNow = Math.max(discovered, processor === 'with_time' ? Date.parse(supplierAt) : discovered) + reportLagMin * MIN;
    return { ctx, firstNow };
  });

function commandOf(step: Step, work: CaseWork, originMs: number, now: Date): CaseCommand {
  const at = new Date(originMs + step.offsetMin * MIN).toISOString();
  switch (step.kind) {
    case 'aware':
      return { type: 'setAware', at, reason: 'Leder bekræftede bruddet' };
    case 'initial':
    case 'follow_up':
      return { type: 'recordAuthorityNotification', kind: step.kind, at, reference: 'virk-1', delayReason: 'Weekend uden vagt', followUpPending: false };
    case 'persons':
      return { type: 'recordPersonsNotified', notifiedAt: at, how: 'Digital Post', count: 2 };
    case 'dpo':
      return { type: 'dpoInformed', at };
    case 'dpoNow':
      return { type: 'dpoInformed' };
    case 'stopped':
      return { type: 'setStopped', stopped: 'yes', stopHow: 'Mailen er slettet hos modtageren.' };
    case 'assess':
      return { type: 'assess', risk: 'risk', decision: 'notify', justification: 'Helbredsoplysninger sendt til forkert borger.' };
    case 'exempt':
      return { type: 'recordPersonsExemption', exemption: 'art34_3_a', explanation: 'Data var krypteret med BitLocker.' };
    case 'close':
      return { type: 'close', ...closeCmd };
    case 'reopen':
      void work;
      void now;
      return { type: 'reopen', reason: 'Ny viden' };
  }
}

/** The rule written out again, independently of timeline.ts, on the stored fields themselves. */
function possibleByHand(work: CaseWork, origin: number, now: number): void {
  const t = (iso: string | null | undefined) => (iso ? Date.parse(iso) : null);
  const initial = t(work.authorityNotifications.find((n) => n.kind === 'initial')?.at);
  const followUps = work.authorityNotifications.filter((n) => n.kind === 'follow_up').map((n) => Date.parse(n.at));
  const persons = work.persons && 'notifiedAt' in work.persons ? t(work.persons.notifiedAt) : null;
  const typed = [t(work.awareAt), initial, ...followUps, persons, t(work.dpoInformedAt)].filter((x): x is number => x !== null);
  for (const x of typed) {
    assert.ok(x >= origin, 'not before the origin');
    assert.ok(x <= now + 5 * MIN, 'not in the future');
  }
  const aware = t(work.awareAt);
  if (aware !== null) for (const n of [initial, persons, ...followUps]) if (n !== null) assert.ok(aware <= n, 'awareness before a notification');
  if (initial !== null) for (const f of followUps) assert.ok(initial <= f, 'the initial before its follow-ups');
  const closed = t(work.closedAt);
  if (closed !== null) for (const x of typed) assert.ok(x <= closed, 'a close after what it closes');
}

describe('timeline: properties over random timelines (issue 17)', () => {
  it('every accepted sequence of commands leaves a timeline that can have happened', () => {
    fc.assert(
      fc.property(ctxArb, fc.array(stepArb, { minLength: 1, maxLength: 25 }), ({ ctx, firstNow }, steps) => {
        const origin = timelineOrigin(ctx)!;
        let work = emptyWork();
        let now = firstNow;
        for (const step of steps) {
          now += step.advanceMin * MIN;
          const r = applyCommand(work, commandOf(step, work, Date.parse(origin.at), new Date(now)), anna, new Date(now), ctx);
          if (!r.ok) continue;
          work = r.work;
          assert.deepEqual(timelineProblems(work, ctx, new Date(now)), [], `after ${step.kind} at now ${new Date(now).toISOString()}`);
          possibleByHand(work, Date.parse(origin.at), now);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('an instant before the origin is always refused, with its field and the later instant it conflicts with', () => {
    const typed = fc.constantFrom('aware', 'initial', 'persons', 'dpo');
    fc.assert(
      fc.property(ctxArb, fc.array(stepArb, { maxLength: 12 }), typed, fc.integer({ min: 1, max: 60 * 24 * 40 }), ({ ctx, firstNow }, steps, kind, beforeMin) => {
        const origin = timelineOrigin(ctx)!;
        let work = emptyWork();
        let now = firstNow;
        for (const step of steps) {
          now += step.advanceMin * MIN;
          const r = applyCommand(work, commandOf(step, work, Date.parse(origin.at), new Date(now)), anna, new Date(now), ctx);
          if (r.ok) work = r.work;
        }
        const hasInitial = work.authorityNotifications.some((n) => n.kind === 'initial');
        const cmd = commandOf({ kind: kind === 'initial' && hasInitial ? 'follow_up' : (kind as Step['kind']), offsetMin: -beforeMin, advanceMin: 0 }, work, Date.parse(origin.at), new Date(now));
        const r = applyCommand(work, cmd, anna, new Date(now), ctx);
        assert.equal(r.ok, false);
        if (r.ok) return;
        assert.equal(r.error, 'timeline_conflict');
        assert.equal(r.field, kind === 'persons' ? 'notifiedAt' : 'at');
        assert.equal(r.conflict?.order, 'before');
        assert.ok(Date.parse(r.conflict!.at) >= Date.parse(origin.at), 'it names an instant at or after the origin');
        if (work.awareAt === null && !hasInitial) assert.equal(r.conflict?.with, origin.point, 'with nothing else recorded, the origin itself');
        assert.match(domainErrorMessage(r, 'da'), /^Tidspunktet ligger før .+ \(\d{2}\.\d{2}\.\d{4} kl\. \d{2}:\d{2}\)\.$/);
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------
// Tables

describe('timeline: the rule at its edges (table)', () => {
  // 23 November 2026, 13:08 Copenhagen (CET, UTC+1) = 12:08Z; the finding's case.
  const ctx: WorkContext = { caseNumber: 'BV-2026-0017', discoveredAt: '2026-11-23T12:08:00.000Z' };
  const now = new Date('2026-11-23T12:30:00Z');

  it('the finding: «Anmeldt til Datatilsynet» 13:00 for a breach discovered 13:08 is refused, naming the discovery', () => {
    const r = recordAuthorityNotification(emptyWork(), { kind: 'initial', at: '2026-11-23T13:00:00+01:00', reference: 'virk-1', followUpPending: false }, anna, now, ctx);
    assert.deepEqual(r, { ok: false, error: 'timeline_conflict', field: 'at', conflict: { order: 'before', with: 'discovered', at: '2026-11-23T12:08:00.000Z' } });
    assert.equal(domainErrorMessage(r as never, 'da'), 'Tidspunktet ligger før bruddet blev opdaget (23.11.2026 kl. 13:08).');
    assert.equal(domainErrorMessage(r as never, 'en'), 'The time is before the breach was discovered (23 Nov 2026, 13:08).');
    assert.equal(domainErrorText(r as never, 'da'), 'Tidspunkt: Tidspunktet ligger før bruddet blev opdaget (23.11.2026 kl. 13:08).');
    // «Registrerede underrettet» 13:00 likewise; 13:08 itself is possible.
    const p = recordPersonsNotified(emptyWork(), { notifiedAt: '2026-11-23T13:00:00+01:00', how: 'Brev', count: 1 }, anna, now, ctx);
    assert.equal(!p.ok && p.field, 'notifiedAt');
    ok(recordAuthorityNotification(emptyWork(), { kind: 'initial', at: '2026-11-23T13:08:00+01:00', reference: 'virk-1', followUpPending: false }, anna, now, ctx));
  });

  const cases: { why: string; ctx: WorkContext; at: string; refusedWith?: string }[] = [
    // A processor's breach: the processor discovered it at 10:00 and told us at 12:00 (Copenhagen, CET).
    { why: 'processor: before the processor told us', ctx: { caseNumber: 'BV-1', discoveredAt: '2026-11-23T09:00:00Z', supplierInvolved: 'yes', supplierNotifiedAt: '2026-11-23T11:00:00Z' }, at: '2026-11-23T10:59:00Z', refusedWith: 'supplier_notified' },
    { why: 'processor: when the processor told us', ctx: { caseNumber: 'BV-1', discoveredAt: '2026-11-23T09:00:00Z', supplierInvolved: 'yes', supplierNotifiedAt: '2026-11-23T11:00:00Z' }, at: '2026-11-23T11:00:00Z' },
    { why: 'processor told us before our own discovery: from the notice', ctx: { caseNumber: 'BV-1', discoveredAt: '2026-11-23T11:00:00Z', supplierInvolved: 'yes', supplierNotifiedAt: '2026-11-23T10:00:00Z' }, at: '2026-11-23T10:30:00Z' },
    { why: 'processor without a time: from the discovery', ctx: { caseNumber: 'BV-1', discoveredAt: '2026-11-23T09:00:00Z', supplierInvolved: 'yes', supplierNotifiedAt: '' }, at: '2026-11-23T08:59:00Z', refusedWith: 'discovered' },
    { why: 'a notice time on a breach not the processor’s: from the discovery', ctx: { caseNumber: 'BV-1', discoveredAt: '2026-11-23T09:00:00Z', supplierInvolved: 'no', supplierNotifiedAt: '2026-11-23T11:00:00Z' }, at: '2026-11-23T09:30:00Z' },
    // DST, autumn: 25 October 2026 02:00–03:00 happens twice. Discovered 02:30 the first time (CEST, 00:30Z).
    { why: 'DST autumn: 02:10 the second time is after 02:30 the first', ctx: { caseNumber: 'BV-1', discoveredAt: '2026-10-25T02:30:00+02:00' }, at: '2026-10-25T02:10:00+01:00' },
    { why: 'DST autumn: 02:20 the first time is before', ctx: { caseNumber: 'BV-1', discoveredAt: '2026-10-25T02:30:00+02:00' }, at: '2026-10-25T02:20:00+02:00', refusedWith: 'discovered' },
    // DST, spring: 29 March 2026 02:00–03:00 does not exist. Discovered 01:50 CET (00:50Z); 03:05 CEST is 15 minutes later.
    { why: 'DST spring: 03:05 CEST is after 01:50 CET', ctx: { caseNumber: 'BV-1', discoveredAt: '2026-03-29T01:50:00+01:00' }, at: '2026-03-29T03:05:00+02:00' },
    { why: 'DST spring: 01:49 CET is before', ctx: { caseNumber: 'BV-1', discoveredAt: '2026-03-29T01:50:00+01:00' }, at: '2026-03-29T01:49:00+01:00', refusedWith: 'discovered' },
  ];
  for (const c of cases) {
    it(`${c.why}: ${c.refusedWith ? `refused (${c.refusedWith})` : 'accepted'}`, () => {
      const at = Date.parse(c.at);
      const later = new Date(at + 3 * HOUR);
      for (const r of [
        setAware(emptyWork(), { at: c.at, reason: 'Leder bekræftede' }, anna, later, c.ctx),
        recordAuthorityNotification(emptyWork(), { kind: 'initial', at: c.at, reference: 'virk-1', followUpPending: false }, anna, later, c.ctx),
        recordPersonsNotified(emptyWork(), { notifiedAt: c.at, how: 'Brev', count: 1 }, anna, later, c.ctx),
        dpoInformed(emptyWork(), { at: c.at }, anna, later, c.ctx),
      ]) {
        if (c.refusedWith) {
          assert.equal(r.ok, false);
          assert.equal(!r.ok && r.error, 'timeline_conflict');
          assert.equal(!r.ok && r.conflict?.with, c.refusedWith);
        } else ok(r);
      }
    });
  }

  it('the order the law implies: awareness before the notifications, the initial before its follow-ups', () => {
    const t = (h: number) => new Date(Date.parse(ctx.discoveredAt) + h * HOUR).toISOString();
    const later = new Date(Date.parse(ctx.discoveredAt) + 30 * HOUR);
    const aware = ok(setAware(emptyWork(), { at: t(2), reason: 'Leder bekræftede' }, anna, later, ctx));
    const early = recordAuthorityNotification(aware, { kind: 'initial', at: t(1), reference: 'virk-1', followUpPending: true }, anna, later, ctx);
    assert.deepEqual(!early.ok && early.conflict, { order: 'before', with: 'aware', at: t(2) });
    assert.equal(domainErrorMessage(early as never, 'da'), 'Tidspunktet ligger før kommunen fik kendskab til bruddet (23.11.2026 kl. 15:08).');
    const notified = ok(recordAuthorityNotification(aware, { kind: 'initial', at: t(3), reference: 'virk-1', followUpPending: true }, anna, later, ctx));
    const followUp = recordAuthorityNotification(notified, { kind: 'follow_up', at: t(2.5), reference: 'virk-2', followUpPending: false }, anna, later, ctx);
    assert.deepEqual(!followUp.ok && followUp.conflict, { order: 'before', with: 'authority_initial', at: t(3) });
    // Awareness moved after the notification it must precede: refused, "after".
    const moved = setAware(notified, { at: t(4), reason: 'Først bekræftet senere' }, anna, later, ctx);
    assert.deepEqual(!moved.ok && { field: moved.field, conflict: moved.conflict }, { field: 'at', conflict: { order: 'after', with: 'authority_initial', at: t(3) } });
    assert.match(domainErrorMessage(moved as never, 'da'), /^Tidspunktet ligger efter bruddet blev anmeldt til Datatilsynet \(23\.11\.2026 kl\. 16:08\)/);
    // Persons before awareness: refused. The DPO before awareness: allowed (not ordered against it).
    const persons = recordPersonsNotified(aware, { notifiedAt: t(1), how: 'Brev', count: 2 }, anna, later, ctx);
    assert.equal(!persons.ok && persons.conflict?.with, 'aware');
    ok(dpoInformed(aware, { at: t(1) }, anna, later, ctx));
  });

  it('a close waits for an instant typed a few minutes ahead; a reopen is not before its close', () => {
    const t0 = new Date('2026-11-23T14:00:00Z');
    let work = ok(applyCommand(emptyWork(), { type: 'assess', risk: 'risk', decision: 'notify', justification: 'Helbredsoplysninger sendt forkert.' }, anna, t0, ctx));
    // Typed 4 minutes ahead (a device clock running fast): within the tolerance, accepted.
    const ahead = new Date(t0.getTime() + 4 * MIN).toISOString();
    work = ok(recordAuthorityNotification(work, { kind: 'initial', at: ahead, reference: 'virk-1', followUpPending: false }, anna, t0, ctx));
    const early = close(work, closeCmd, anna, new Date(t0.getTime() + MIN), ctx);
    assert.deepEqual(!early.ok && { field: early.field, conflict: early.conflict }, { field: undefined, conflict: { order: 'before', with: 'authority_initial', at: new Date(ahead).toISOString(), stamped: true } });
    assert.match(domainErrorMessage(early as never, 'da'), /^Det kan ikke registreres endnu: bruddet blev anmeldt til Datatilsynet \(23\.11\.2026 kl\. 15:04\)/);
    const closed = ok(close(work, closeCmd, anna, new Date(t0.getTime() + 4 * MIN), ctx));
    // Another instance's clock a little behind: its reopen would be before the close.
    const skewed = reopen(closed, {}, anna, new Date(t0.getTime() + 3 * MIN), ctx);
    assert.equal(!skewed.ok && skewed.conflict?.with, 'closed');
    ok(reopen(closed, {}, anna, new Date(t0.getTime() + 5 * MIN), ctx));
  });

  it('"stopped" and a DPO note without a time are the server\'s now: refused only before a discovery a few minutes ahead', () => {
    const ahead: WorkContext = { caseNumber: 'BV-1', discoveredAt: '2026-11-23T12:04:00Z' };
    const at = new Date('2026-11-23T12:01:00Z');
    const s = setStopped(emptyWork(), { stopped: 'yes', stopHow: 'Slettet hos modtageren.' }, anna, at, ahead);
    assert.deepEqual(!s.ok && { field: s.field, conflict: s.conflict }, { field: 'stopped', conflict: { order: 'before', with: 'discovered', at: '2026-11-23T12:04:00.000Z', stamped: true } });
    ok(setStopped(emptyWork(), { stopped: 'no' }, anna, at, ahead));
    assert.equal(dpoInformed(emptyWork(), {}, anna, at, ahead).ok, false);
    ok(dpoInformed(emptyWork(), {}, anna, new Date('2026-11-23T12:04:00Z'), ahead));
  });

  it('an old impossible case stays workable: a command checks only the instant it records', () => {
    const stored: CaseWork = { ...emptyWork(), authorityNotifications: [{ kind: 'initial', at: '2026-11-23T12:00:00.000Z', reference: 'virk-1', followUpPending: false }] };
    ok(dpoInformed(stored, { at: '2026-11-23T12:20:00Z' }, anna, now, ctx));
    ok(setStopped(stored, { stopped: 'yes', stopHow: 'Slettet hos modtageren.' }, anna, now, ctx));
  });
});

describe('timeline: what `sager tjek` finds on a stored case', () => {
  const ctx: WorkContext = { caseNumber: 'BV-2026-0017', discoveredAt: '2026-11-23T12:08:00.000Z' };
  const now = new Date('2026-11-24T09:00:00Z');

  it('the finding as an older version stored it: notified and persons at 13:00, discovered 13:08', () => {
    const work: CaseWork = {
      ...emptyWork(),
      authorityNotifications: [{ kind: 'initial', at: '2026-11-23T12:00:00.000Z', reference: 'virk-1', followUpPending: false }],
      persons: { notifiedAt: '2026-11-23T12:00:00.000Z', how: 'Brev', count: 2 },
    };
    const problems = timelineProblems(work, ctx, now);
    assert.deepEqual(problems, [
      { point: 'authority_initial', at: '2026-11-23T12:00:00.000Z', order: 'before', with: 'discovered', withAt: '2026-11-23T12:08:00.000Z' },
      { point: 'persons_notified', at: '2026-11-23T12:00:00.000Z', order: 'before', with: 'discovered', withAt: '2026-11-23T12:08:00.000Z' },
    ]);
    assert.equal(timelineProblemText(problems[0], 'da'), 'Anmeldt til Datatilsynet 23.11.2026 kl. 13:00 ligger før bruddet blev opdaget (23.11.2026 kl. 13:08).');
    assert.equal(timelineProblemText(problems[1], 'en'), 'Data subjects notified 23 Nov 2026, 13:00 is before the breach was discovered (23 Nov 2026, 13:08).');
  });

  it('awareness after the notification, a close before what it closes, a reopen before its close, an instant in the future', () => {
    const work: CaseWork = {
      ...emptyWork(),
      awareAt: '2026-11-23T15:00:00.000Z',
      authorityNotifications: [{ kind: 'initial', at: '2026-11-23T14:00:00.000Z', reference: 'virk-1', followUpPending: false }],
      dpoInformedAt: '2026-12-30T10:00:00.000Z',
      closedAt: '2026-11-23T13:00:00.000Z',
      timeline: [
        { at: '2026-11-23T12:50:00.000Z', by: 'Anna', event: 'closed' },
        { at: '2026-11-23T12:40:00.000Z', by: 'Anna', event: 'reopened' },
        { at: '2026-11-23T13:00:00.000Z', by: 'Anna', event: 'closed' },
      ],
    };
    const found = timelineProblems(work, ctx, now).map((p) => `${p.point} ${p.order} ${p.with ?? ''}`);
    assert.deepEqual(found.sort(), [
      'authority_initial before aware',
      'closed before authority_initial',
      'closed before aware',
      'closed before dpo_informed',
      'dpo_informed future ',
      'reopened before closed',
    ]);
  });

  it('a case worked within the rule has nothing to list', () => {
    const work: CaseWork = { ...emptyWork(), awareAt: '2026-11-23T12:08:00.000Z', authorityNotifications: [{ kind: 'initial', at: '2026-11-23T12:08:00.000Z', reference: 'virk-1', followUpPending: false }] };
    assert.deepEqual(timelineProblems(work, ctx, now), []);
    // The tolerance applies to the stored check as it did when the instant was accepted.
    assert.deepEqual(timelineProblems({ ...work, dpoInformedAt: new Date(now.getTime() + FUTURE_TOLERANCE_MS).toISOString() }, ctx, now), []);
  });
});

describe('`sager tjek` is its own command, not `sager` with a filter', () => {
  const table: [string, ReturnType<typeof parseChannelCommand>][] = [
    ['sager tjek', { kind: 'casesCheck' }],
    ['Sager  Tjek', { kind: 'casesCheck' }],
    ['cases check', { kind: 'casesCheck' }],
    ['sager tjek 2025', { kind: 'casesCheck', year: 2025 }],
    ['sager', { kind: 'cases' }],
    ['cases', { kind: 'cases' }],
    ['sager tjekker', { kind: 'unknown' }],
    ['sager åbne', { kind: 'unknown' }],
  ];
  for (const [text, expected] of table) {
    it(`«${text}» → ${expected.kind}`, () => assert.deepEqual(parseChannelCommand(text), expected));
  }
  it('is a register command (refused and audited outside a channel like the others)', () => {
    assert.equal(isRegisterCommand('sager tjek'), true);
    assert.equal(isRegisterCommand('cases check 2026'), true);
  });
});
