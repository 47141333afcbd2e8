import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { mentionsCpr } from '../../src/domain/cpr';
import { describesSomething, fitWhatHappened, seedWhatHappened } from '../../src/domain/freeText';
import { EMPTY_TEXT, masked } from '../../src/domain/maskedText';
import { LIMITS } from '../../src/domain/reportValidation';

describe('words from the chat as «Hvad er der sket?» (issue 17, must do 3)', () => {
  const words = masked('Jeg har sendt en mail med en borgers sag til den forkerte, hvad gør jeg?');

  it('a greeting is no description; a sentence is', () => {
    assert.equal(describesSomething(masked('hej')), false);
    assert.equal(describesSomething(masked('tak for nu')), true);
    assert.equal(describesSomething(words), true);
  });

  it('an empty field gets the words', () => {
    assert.deepEqual(seedWhatHappened(EMPTY_TEXT, words), { value: words, seeding: 'set', cut: false });
  });

  it('a description in progress is never overwritten: the words are added below it, once', () => {
    const own = masked('Et brev blev sendt til den forkerte adresse.');
    const once = seedWhatHappened(own, words);
    assert.equal(once.seeding, 'appended');
    assert.equal(once.value, `${own}\n\n${words}`);
    const again = seedWhatHappened(once.value, words);
    assert.deepEqual(again, { value: once.value, seeding: 'same', cut: false }, 'a second press changes nothing');
  });

  it('words that would take the field over its limit are not added, and the draft is left as it was', () => {
    const own = masked('x'.repeat(LIMITS.whatHappened - 10));
    assert.deepEqual(seedWhatHappened(own, words), { value: own, seeding: 'noRoom', cut: false });
  });

  it('longer words are cut at a word near the limit and said to be cut', () => {
    const long = masked('ord '.repeat(1500));
    const fitted = fitWhatHappened(long);
    assert.equal(fitted.cut, true);
    assert.ok(fitted.text.length <= LIMITS.whatHappened && fitted.text.length > LIMITS.whatHappened - 200);
    assert.ok(fitted.text.endsWith('ord'), 'not inside a word');
  });

  it('property: the field is never longer than its limit, never loses what it held, and a CPR-like number stays masked', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'æ', ' ', '\n', '😀', '0', '1', '-', 'x'), maxLength: 9000 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        const current = fitWhatHappened(masked(a)).text;
        const seed = seedWhatHappened(current, masked(b));
        assert.ok(seed.value.length <= LIMITS.whatHappened);
        // Joined, the end of one and the start of the other can form a CPR-like number: masking wins there.
        assert.ok(seed.value.startsWith(current) || (seed.seeding === 'appended' && mentionsCpr(seed.value)), 'what the draft held is kept');
        assert.equal(masked(seed.value), seed.value, 'masked');
        assert.ok(!/[\uD800-\uDBFF]$/.test(seed.value), 'no half a character');
      }),
      { numRuns: 300 },
    );
  });
});
