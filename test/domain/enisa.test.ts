import { strict as assert } from 'node:assert';
import { EnisaInput, enisaScore, parseEnisaInput } from '../../src/domain/enisa';

const base: EnisaInput = {
  dpcBase: 1,
  dpcAdjust: 0,
  ei: 1,
  confidentiality: 0,
  integrity: 0,
  availability: 0,
  malicious: false,
};

describe('enisa: enisaScore', () => {
  const cases: { why: string; input: Partial<EnisaInput>; dpc: number; score: number; band: string; proposal: string }[] = [
    { why: 'simple data, fully identifiable', input: {}, dpc: 1, score: 1, band: 'low', proposal: 'no_notification' },
    { why: 'just below 2', input: { dpcBase: 1, ei: 1, availability: 0.5, integrity: 0.25 }, dpc: 1, score: 1.75, band: 'low', proposal: 'no_notification' },
    { why: 'exactly 2', input: { dpcBase: 2, ei: 1 }, dpc: 2, score: 2, band: 'medium', proposal: 'notify_authority' },
    { why: 'just below 3', input: { dpcBase: 2, ei: 1, confidentiality: 0.5, integrity: 0.25 }, dpc: 2, score: 2.75, band: 'medium', proposal: 'notify_authority' },
    { why: 'exactly 3', input: { dpcBase: 3, ei: 1 }, dpc: 3, score: 3, band: 'high', proposal: 'notify_authority_and_persons' },
    { why: 'exactly 3 via CB', input: { dpcBase: 4, ei: 0.5, confidentiality: 0.5, malicious: true }, dpc: 4, score: 3, band: 'high', proposal: 'notify_authority_and_persons' },
    { why: 'just below 4', input: { dpcBase: 3, ei: 1, confidentiality: 0.5, integrity: 0.25 }, dpc: 3, score: 3.75, band: 'high', proposal: 'notify_authority_and_persons' },
    { why: 'exactly 4', input: { dpcBase: 4, ei: 1 }, dpc: 4, score: 4, band: 'very_high', proposal: 'notify_authority_and_persons' },
    { why: 'maximum', input: { dpcBase: 4, dpcAdjust: 1, ei: 1, confidentiality: 0.5, integrity: 0.5, availability: 0.5, malicious: true }, dpc: 4, score: 6, band: 'very_high', proposal: 'notify_authority_and_persons' },
    { why: 'clamped at 4', input: { dpcBase: 4, dpcAdjust: 1, ei: 0.75 }, dpc: 4, score: 3, band: 'high', proposal: 'notify_authority_and_persons' },
    { why: 'clamped at 1', input: { dpcBase: 1, dpcAdjust: -1, ei: 0.25 }, dpc: 1, score: 0.25, band: 'low', proposal: 'no_notification' },
    { why: 'adjust up', input: { dpcBase: 2, dpcAdjust: 1, ei: 0.75 }, dpc: 3, score: 2.25, band: 'medium', proposal: 'notify_authority' },
    { why: 'adjust down', input: { dpcBase: 4, dpcAdjust: -1, ei: 0.75, malicious: true }, dpc: 3, score: 2.75, band: 'medium', proposal: 'notify_authority' },
    { why: 'sensitive, hard to identify', input: { dpcBase: 4, ei: 0.25, confidentiality: 0.25 }, dpc: 4, score: 1.25, band: 'low', proposal: 'no_notification' },
  ];
  for (const t of cases) {
    it(`${t.why} → ${t.score} ${t.band}`, () => {
      assert.deepEqual(enisaScore({ ...base, ...t.input }), { dpc: t.dpc, score: t.score, band: t.band, proposal: t.proposal });
    });
  }
});

describe('enisa: parseEnisaInput', () => {
  const good = {
    dpcBase: '4',
    dpcAdjust: '-1',
    ei: '0.75',
    confidentiality: '0.5',
    integrity: '0',
    availability: '0.25',
    malicious: 'true',
  };

  it('parses card strings', () => {
    assert.deepEqual(parseEnisaInput(good), {
      dpcBase: 4,
      dpcAdjust: -1,
      ei: 0.75,
      confidentiality: 0.5,
      integrity: 0,
      availability: 0.25,
      malicious: true,
    });
  });

  it('accepts numbers and booleans too', () => {
    const parsed = parseEnisaInput({ ...good, dpcBase: 2, ei: 1, malicious: false });
    assert.ok(!('errors' in parsed));
    assert.deepEqual([parsed.dpcBase, parsed.ei, parsed.malicious], [2, 1, false]);
  });

  const bad: { field: keyof typeof good; value: unknown }[] = [
    { field: 'dpcBase', value: '5' },
    { field: 'dpcBase', value: '0' },
    { field: 'dpcBase', value: '' },
    { field: 'dpcAdjust', value: '2' },
    { field: 'dpcAdjust', value: ' ' },
    { field: 'ei', value: '0.3' },
    { field: 'ei', value: 'high' },
    { field: 'confidentiality', value: '0.75' },
    { field: 'integrity', value: '-0.25' },
    { field: 'availability', value: undefined },
    { field: 'malicious', value: 'yes' },
    { field: 'malicious', value: '' },
  ];
  for (const b of bad) {
    it(`rejects ${b.field} = ${JSON.stringify(b.value)}`, () => {
      const parsed = parseEnisaInput({ ...good, [b.field]: b.value });
      assert.ok('errors' in parsed);
      assert.equal(parsed.errors.length, 1);
      assert.match(parsed.errors[0], new RegExp(`^${b.field}:`));
    });
  }

  it('names every bad field at once', () => {
    const parsed = parseEnisaInput({});
    assert.ok('errors' in parsed);
    assert.deepEqual(
      parsed.errors.map((e) => e.split(':')[0]),
      ['dpcBase', 'dpcAdjust', 'ei', 'confidentiality', 'integrity', 'availability', 'malicious'],
    );
  });
});
