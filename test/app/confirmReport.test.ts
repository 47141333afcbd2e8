import { strict as assert } from 'node:assert';
import { submitReportForm } from '../../src/app/submitReportForm';
import { editReport } from '../../src/app/editReport';
import type { ConfirmResult } from '../../src/app/confirmReport';
import type { BreachCase } from '../../src/domain/case';
import type { MaskedText } from '../../src/domain/maskedText';
import { pickReportValues } from '../../src/domain/report';
import { memoryWorld, type MemoryWorld } from '../helpers/memoryPorts';
import { TENANT, UNIT_ID, cardOf, confirm, fileReport, reporter, typed } from './fixtures';

function caseOf(result: ConfirmResult): BreachCase {
  assert.ok(result.kind === 'created' || result.kind === 'duplicate', `expected a case, got ${result.kind}`);
  return result.breachCase;
}

describe('app: confirmReport (in memory)', () => {
  let world: MemoryWorld;
  beforeEach(() => {
    world = memoryWorld('2026-11-24T10:00:00Z');
  });

  it('the fast path (card values + etag) creates one case and allocates exactly one number', async () => {
    const summary = await fileReport(world, typed(world.clock.now()));
    const draftReads = world.drafts.callCount('get');

    const result = await confirm(world, summary, cardOf(summary));

    assert.equal(result.kind, 'created');
    const created = caseOf(result);
    assert.equal(created.id, summary.ref.draftId, 'the case id is the draft id');
    assert.equal(created.number, 'BV-2026-0001');
    assert.equal(created.status, 'new');
    assert.equal(world.numbers.issued.length, 1);
    assert.equal(world.drafts.callCount('get'), draftReads, 'the card path does not read the draft');
    assert.deepEqual(world.cases.all().map((c) => c.number), ['BV-2026-0001']);
    assert.equal(world.drafts.peek(TENANT, reporter.aadObjectId)!.value.stage, 'submitted');
    assert.equal(world.audit.of(created.id, 'case.create').length, 1);
    // The case is findable by the sweep at once.
    assert.ok(created.schedule?.key && world.schedule.has(created.schedule.key));
  });

  it('the same confirm again returns duplicate with the same number and takes no further number', async () => {
    const summary = await fileReport(world, typed(world.clock.now()));
    const first = caseOf(await confirm(world, summary, cardOf(summary)));

    const again = await confirm(world, summary, cardOf(summary));
    const noCard = await confirm(world, summary);

    assert.equal(again.kind, 'duplicate');
    assert.equal(caseOf(again).number, first.number);
    assert.equal(noCard.kind, 'duplicate');
    assert.equal(caseOf(noCard).number, first.number);
    assert.equal(world.numbers.issued.length, 1, 'no number wasted on a repeat');
    assert.equal(world.cases.all().length, 1);
    assert.equal(world.audit.of(first.id, 'case.create').length, 1);
  });

  it('a crash after the card claimed the draft (cases.create throws): the next confirm creates the one case', async () => {
    const summary = await fileReport(world, typed(world.clock.now()));
    world.cases.failNext('create', new Error('process died'));

    await assert.rejects(confirm(world, summary, cardOf(summary)), /process died/);
    assert.equal(world.drafts.peek(TENANT, reporter.aadObjectId)!.value.stage, 'submitted', 'the draft was claimed');
    assert.equal(world.cases.all().length, 0);

    world.clock.advance(5_000);
    const retry = await confirm(world, summary, cardOf(summary));

    assert.equal(retry.kind, 'created');
    const stored = world.cases.all();
    assert.equal(stored.length, 1);
    assert.equal(stored[0].id, summary.ref.draftId);
    assert.equal(stored[0].status, 'new');
    assert.equal(stored[0].number, caseOf(retry).number);
    assert.equal(world.audit.of(stored[0].id, 'case.create').length, 1);
    // Numbers are unique, not gap-free: the crashed attempt's number is lost, never reused.
    assert.ok(world.numbers.issued.length <= 2);
    const third = await confirm(world, summary, cardOf(summary));
    assert.equal(third.kind, 'duplicate');
    assert.equal(caseOf(third).number, stored[0].number);
  });

  it('a crash after the read path claimed the draft: the retry keeps the number written into the draft', async () => {
    const summary = await fileReport(world, typed(world.clock.now()));
    world.cases.failNext('create', new Error('process died'));

    await assert.rejects(confirm(world, summary), /process died/);
    const claimedNumber = world.drafts.peek(TENANT, reporter.aadObjectId)!.value.caseNumber;
    assert.equal(claimedNumber, 'BV-2026-0001');

    const retry = await confirm(world, summary);
    assert.equal(retry.kind, 'created');
    assert.equal(caseOf(retry).number, claimedNumber);
    assert.equal(world.numbers.issued.length, 1, 'no gap on the read path');
    assert.equal(world.cases.all().length, 1);
    assert.equal(world.audit.of(summary.ref.draftId, 'case.create').length, 1);
  });

  it('two confirms at once (card path, a Teams retry) → one case, both receipts with its number', async () => {
    const summary = await fileReport(world, typed(world.clock.now()));

    const [a, b] = await Promise.all([confirm(world, summary, cardOf(summary)), confirm(world, summary, cardOf(summary))]);

    const stored = world.cases.all();
    assert.equal(stored.length, 1);
    assert.deepEqual([a.kind, b.kind].sort(), ['created', 'duplicate']);
    assert.equal(caseOf(a).number, stored[0].number);
    assert.equal(caseOf(b).number, stored[0].number);
    assert.equal(world.audit.of(stored[0].id, 'case.create').length, 1);
  });

  it('two confirms at once without card values (read path) → one case, one number on the receipts', async () => {
    const summary = await fileReport(world, typed(world.clock.now()));

    const [a, b] = await Promise.all([confirm(world, summary), confirm(world, summary)]);

    const stored = world.cases.all();
    assert.equal(stored.length, 1);
    assert.equal(caseOf(a).number, stored[0].number);
    assert.equal(caseOf(b).number, stored[0].number);
    assert.equal(world.drafts.peek(TENANT, reporter.aadObjectId)!.value.caseNumber, stored[0].number);
  });

  it('a stale summary card (the draft was edited and submitted again) creates the case from the stored draft, not the card', async () => {
    const first = await fileReport(world, typed(world.clock.now()));
    // "Ret" on the summary, then the form is sent again with another description: a new summary, a new ETag.
    assert.ok(await editReport(world.reporting, TENANT, reporter.aadObjectId, first.ref.draftId));
    const edited = await submitReportForm(
      world.reporting,
      first.ref,
      typed(world.clock.now(), 1, { whatHappened: 'Den rettede beskrivelse af hændelsen.' }),
      [UNIT_ID],
    );
    assert.equal(edited.kind, 'summary');

    const result = await confirm(world, first, cardOf(first));

    assert.equal(result.kind, 'created');
    assert.equal(caseOf(result).report.whatHappened, 'Den rettede beskrivelse af hændelsen.');
    assert.equal(world.cases.all()[0].report.whatHappened, 'Den rettede beskrivelse af hændelsen.');
    assert.equal(world.numbers.issued.length, 1);
  });

  it('a stale summary card while the draft is back in the form (invalid resubmit) → stale, no case, no number', async () => {
    const first = await fileReport(world, typed(world.clock.now()));
    const edited = await submitReportForm(world.reporting, first.ref, typed(world.clock.now(), 1, { whatHappened: 'kort' }), [UNIT_ID]);
    assert.equal(edited.kind, 'invalid');

    const result = await confirm(world, first, cardOf(first));

    assert.equal(result.kind, 'stale');
    if (result.kind === 'stale') assert.equal(result.current?.value.stage, 'form');
    assert.equal(world.cases.all().length, 0);
    assert.equal(world.numbers.issued.length, 0);
  });

  it('invalid values on the card fall back to the read path: the stored (valid) draft becomes the case', async () => {
    const summary = await fileReport(world, typed(world.clock.now()));
    const tampered = cardOf(summary);
    tampered.values = { ...tampered.values, whatHappened: 'x' as MaskedText, personsAffected: '-3' as MaskedText };

    const result = await confirm(world, summary, tampered);

    assert.equal(result.kind, 'created');
    assert.equal(caseOf(result).report.whatHappened, summary.values.whatHappened);
    assert.equal(caseOf(result).report.personsAffected, 1);
    assert.equal(world.drafts.callCount('replace'), 1, 'the card path wrote nothing; only the read path claimed');
    assert.equal(world.drafts.peek(TENANT, reporter.aadObjectId)!.value.caseNumber, caseOf(result).number);
  });

  it("a card pressed by someone else than the draft's reporter never creates a case from its values", async () => {
    const summary = await fileReport(world, typed(world.clock.now()));
    const other = { ...reporter, aadObjectId: 'aad-intruder', name: 'Someone Else' };
    const card = { ...cardOf(summary, other), values: { ...summary.values, whatHappened: 'Noget helt andet skete her.' as MaskedText } };

    const result = await confirm(world, summary, card);

    // The read path decides from the stored draft of ref.reporterAadId.
    assert.equal(caseOf(result).report.whatHappened, summary.values.whatHappened);
    assert.equal(caseOf(result).reporter.aadObjectId, reporter.aadObjectId);
  });

  it('CPR-like numbers in the card values end up masked in the case (card path)', async () => {
    const summary = await fileReport(world, typed(world.clock.now()));
    assert.equal(world.drafts.peek(TENANT, reporter.aadObjectId)!.value.values.whatHappened, summary.values.whatHappened);
    // The values as a card would carry them if a client did not mask: the server must mask before storing.
    const card = cardOf(summary);
    // What a card carries passes pickReportValues (the boundary) on its way in.
    card.values = pickReportValues({ ...card.values, whatHappened: 'Brev til forkert borger med cpr 010203-1234 og 3112991234.' });

    const result = await confirm(world, summary, card);

    assert.equal(result.kind, 'created');
    const stored = world.cases.all()[0];
    assert.equal(stored.report.whatHappened, 'Brev til forkert borger med cpr 010203-xxxx og 311299-xxxx.');
    assert.equal(stored.cprMasked, true);
    assert.doesNotMatch(JSON.stringify(stored), /1234/);
    assert.doesNotMatch(JSON.stringify(world.drafts.peek(TENANT, reporter.aadObjectId)!.value), /010203-1234|3112991234/);
  });

  it('CPR-like numbers typed in the form are masked in the draft and in the case (read path)', async () => {
    const summary = await fileReport(world, typed(world.clock.now(), 1, { howHappened: 'Kuverten havde 010203-1234 i ruden.' }));
    assert.equal(summary.values.howHappened, 'Kuverten havde 010203-xxxx i ruden.');

    const result = await confirm(world, summary);

    assert.equal(caseOf(result).report.howHappened, 'Kuverten havde 010203-xxxx i ruden.');
    assert.equal(caseOf(result).cprMasked, true);
  });
});
