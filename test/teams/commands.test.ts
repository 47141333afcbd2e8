import { strict as assert } from 'node:assert';
import { editDistance, nearMissCommand, personalCommand } from '../../src/teams/commands';

describe('near-miss commands in the 1:1 chat (issue 17, must do 3)', () => {
  it('counts a swap of two letters as one edit', () => {
    assert.equal(editDistance('anmled', 'anmeld'), 1);
    assert.equal(editDistance('anmeld', 'anmeld'), 0);
    assert.equal(editDistance('hjalp', 'hjælp'), 1);
    assert.equal(editDistance('', 'help'), 4);
  });

  for (const [typed, command, word] of [
    ['anmled', 'report', 'anmeld'],
    ['Anmelde', 'report', 'anmeld'],
    ['anmlede', 'report', 'anmeld'],
    ['rapport', 'report', 'report'],
    ['mine sagr', 'myCases', 'mine sager'],
    ['minesager', 'myCases', 'mine sager'],
    ['my case', 'myCases', 'my cases'],
    ['hjalp', 'help', 'hjælp'],
    ['hepl', 'help', 'help'],
    ['annuler', 'cancel', 'annuller'],
    ['cancle', 'cancel', 'cancel'],
  ] as const) {
    it(`«${typed}» → «Mente du «${word}»?»`, () => {
      assert.equal(personalCommand(typed), null, 'not a command itself');
      assert.deepEqual(nearMissCommand(typed), { command, word });
    });
  }

  for (const typed of ['hej', 'ok', 'ja', 'tak', 'hvad er klokken', 'Jeg har sendt en mail med en borgers sag til den forkerte, hvad gør jeg?', 'anmeld', 'hjælp', '']) {
    it(`«${typed}» is no near miss`, () => assert.equal(nearMissCommand(typed), null));
  }
});
