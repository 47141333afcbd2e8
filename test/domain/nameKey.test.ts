/**
 * Issue 18 part 4: names of systems and suppliers matched as people type them (src/domain/register/nameKey.ts),
 * the central group's merges (nameAliases.ts), the repeat snapshot (repeats.ts) and «Systemer og
 * leverandører» (nameStatistics.ts). Table-driven where a decision was made, property-based for the rest.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { NAME_KEY_MAX, nameKey, nameLabel } from '../../src/domain/register/nameKey';
import { aliasMap, planMerge, type NameAlias } from '../../src/domain/register/nameAliases';
import { nameStatistics } from '../../src/domain/register/nameStatistics';
import { repeatSnapshot, type NamedRow } from '../../src/domain/register/repeats';
import { parseChannelCommand } from '../../src/domain/unit';

/** Letters people type in names, Danish ones and punctuation included. */
const NAME_CHARS = [...'abcdefghijklmnopqrstuvwxyzæøåäöüéABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅÄÖÜÉ0123456789./&-()'];
const word = fc.array(fc.constantFrom(...NAME_CHARS), { minLength: 1, maxLength: 8 }).map((cs) => cs.join(''));
const typedName = fc.array(word, { minLength: 1, maxLength: 4 });
const space = fc.constantFrom(' ', '  ', '\t', '\u00a0', ' \n ');

describe('domain: name keys of systems and suppliers (issue 18 part 4)', () => {
  it('one key for the spellings people type; company forms dropped as a trailing word; no key for a non-answer', () => {
    const same: [string, string][] = [
      ['KMD A/S', 'kmd'],
      ['KMD  a/s', 'KMD'],
      ['K M D', 'kmd'],
      ['K.M.D. ApS', 'KMD'],
      ['kmd-a/s', 'KMD'],
      ['Visma Enterprise A/S ApS', 'visma enterprise'],
      ['Netcompany A.S.', 'NETCOMPANY'],
      ['Microsoft Ireland Operations Ltd.', 'microsoft ireland operations'],
      ['SAP SE', 'sap'],
      ['Århus Data', 'Aarhus Data'],
      ['Søborg IT', 'Soeborg IT'],
      ['Café Økonomi', 'cafe oekonomi'],
      ['ＫＭＤ', 'KMD'],
      ['Schultz Straße GmbH', 'schultz strasse'],
      ['Fælles Dataservice s.m.b.a.', 'faelles dataservice'],
    ];
    for (const [a, b] of same) assert.equal(nameKey(a), nameKey(b), `${a} = ${b}`);
    const different: [string, string][] = [
      ['KMD Danmark', 'KMD'],
      ['KMD Opus', 'KMD'],
      ['Netcompany', 'Netcompany IT'],
    ];
    for (const [a, b] of different) assert.notEqual(nameKey(a), nameKey(b), `${a} ≠ ${b}`);
    for (const none of ['', '  ', 'Ved ikke', 'ved ikke', 'Ukendt', 'ingen', '-', 'N/A', 'unknown', '???', '🙂']) assert.equal(nameKey(none), '', none);
    // A company form alone is still a name (some are initials), never nothing.
    assert.equal(nameKey('AB'), 'ab');
    assert.equal(nameKey('A/S'), 'as');
  });

  it('idempotent, and insensitive to case and to spacing (property)', () => {
    fc.assert(
      fc.property(typedName, space, (words, sp) => {
        const typed = words.join(' ');
        const key = nameKey(typed);
        assert.equal(nameKey(key), key, 'idempotent');
        assert.equal(nameKey(typed.toUpperCase()), key, 'upper case');
        assert.equal(nameKey(typed.toLowerCase()), key, 'lower case');
        assert.equal(nameKey(`${sp}${words.join(sp)}${sp}`), key, 'other spacing');
        assert.match(key, /^[a-z0-9]*$/);
      }),
      { numRuns: 500 },
    );
  });

  it('any text: a key of at most NAME_KEY_MAX letters and digits, idempotent; a label of one line (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 100 }), fc.string({ unit: 'binary', maxLength: 100 })), (text) => {
        const key = nameKey(text);
        assert.ok(key.length <= NAME_KEY_MAX);
        assert.match(key, /^[a-z0-9]*$/);
        assert.equal(nameKey(key), key);
        const label = nameLabel(text);
        assert.ok(label.length <= NAME_KEY_MAX);
        assert.doesNotMatch(label, /[\n\r\u0000-\u001f]/);
      }),
      { numRuns: 500 },
    );
  });
});

describe('domain: merged spellings (issue 18 part 4)', () => {
  const at = new Date('2026-11-23T09:00:00Z');
  const alias = (fromName: string, toName: string, kind: 'system' | 'supplier' = 'supplier'): NameAlias => ({ kind, fromKey: nameKey(fromName), toKey: nameKey(toName), fromName, toName, by: 'DPO', at: at.toISOString() });

  it('a merge counts the first spelling as the second, chains follow, groups hold every spelling, kinds stay apart', () => {
    const map = aliasMap([alias('KMD Danmark', 'KMD'), alias('KMD DK', 'KMD Danmark')]);
    assert.equal(map.resolve('supplier', 'kmddk'), 'kmd');
    assert.deepEqual(map.group('supplier', 'kmd').sort(), ['kmd', 'kmddanmark', 'kmddk']);
    assert.deepEqual(map.group('supplier', 'kmddanmark').sort(), ['kmd', 'kmddanmark', 'kmddk']);
    assert.deepEqual(map.group('system', 'kmddanmark'), ['kmddanmark'], 'a supplier merge is not a system merge');
    assert.equal(map.targetName('supplier', 'kmd'), 'KMD');
    assert.deepEqual(map.group('supplier', ''), []);
  });

  it('refuses a name without a key and a merge of names that already count as one (every cycle included)', () => {
    const map = aliasMap([alias('KMD Danmark', 'KMD')]);
    assert.deepEqual(planMerge(map, 'supplier', 'ved ikke', 'KMD', 'x', at), { ok: false, reason: 'empty_name' });
    assert.deepEqual(planMerge(map, 'supplier', 'KMD A/S', 'kmd', 'x', at), { ok: false, reason: 'same_name' });
    assert.deepEqual(planMerge(map, 'supplier', 'KMD', 'KMD Danmark', 'x', at), { ok: false, reason: 'same_name' }, 'the reverse would be a cycle');
    const ok = planMerge(map, 'system', 'KMD', 'KMD Danmark', 'x', at);
    assert.ok(ok.ok, 'another kind is another list');
  });

  it('a cycle in stored rows (never made by flet) does not hang', () => {
    const map = aliasMap([alias('A', 'B'), alias('B', 'A')]);
    assert.ok(['a', 'b'].includes(map.resolve('supplier', 'a')));
    assert.deepEqual(map.group('supplier', 'a').sort(), ['a', 'b']);
  });

  it('parses flet / merge / fjern fletning / navne in both languages; anything else about them is null, not a guess', () => {
    assert.deepEqual(parseChannelCommand('flet leverandør "KMD Danmark" "KMD"'), { kind: 'mergeNames', what: 'supplier', from: 'KMD Danmark', into: 'KMD' });
    assert.deepEqual(parseChannelCommand('merge system “Opus Økonomi” into “Opus”'), { kind: 'mergeNames', what: 'system', from: 'Opus Økonomi', into: 'Opus' });
    assert.deepEqual(parseChannelCommand('flet leverandør «McDonald\'s» «McDonalds»'), { kind: 'mergeNames', what: 'supplier', from: "McDonald's", into: 'McDonalds' });
    assert.deepEqual(parseChannelCommand('flet leverandør KMD Danmark KMD'), { kind: 'mergeNames', what: 'supplier', from: null, into: null });
    assert.deepEqual(parseChannelCommand('flet kunde "A" "B"'), { kind: 'mergeNames', what: null, from: 'A', into: 'B' });
    assert.deepEqual(parseChannelCommand(`flet system "${'x'.repeat(81)}" "B"`).kind === 'mergeNames' && (parseChannelCommand(`flet system "${'x'.repeat(81)}" "B"`) as { from: string | null }).from, null);
    assert.deepEqual(parseChannelCommand('fjern fletning leverandør "KMD Danmark"'), { kind: 'unmergeName', what: 'supplier', name: 'KMD Danmark' });
    assert.deepEqual(parseChannelCommand('unmerge supplier KMD Danmark'), { kind: 'unmergeName', what: 'supplier', name: 'KMD Danmark' });
    assert.deepEqual(parseChannelCommand('navne'), { kind: 'names' });
    assert.deepEqual(parseChannelCommand('NAMES'), { kind: 'names' });
    // The commands that were there keep their meaning.
    assert.equal(parseChannelCommand('tilmeld Skoler').kind, 'register');
    assert.equal(parseChannelCommand('hjælp').kind, 'help');
  });
});

describe('domain: the repeat snapshot and «Systemer og leverandører» (issue 18 part 4)', () => {
  const now = new Date('2026-11-23T09:00:00Z');
  const row = (caseId: string, reportedAt: string, units: string[], supplierKey?: string, systemKey?: string): NamedRow => ({ caseId, number: `BV-${reportedAt.slice(0, 4)}-${caseId}`, units, reportedAt, supplierKey, systemKey });
  const report = { system: 'SBSYS', supplierInvolved: 'yes' as const, supplierName: 'KMD A/S' };

  it('counts the other cases of the 12 months before, newest first; not itself, not 13 months back, not another name', () => {
    const rows = [
      row('0001', '2026-01-10T09:00:00Z', ['skoler'], 'kmd'),
      row('0002', '2026-11-01T09:00:00Z', ['vej'], 'kmd', 'sbsys'),
      row('self', '2026-11-23T08:00:00Z', ['skoler'], 'kmd'),
      row('0003', '2025-10-20T09:00:00Z', ['skoler'], 'kmd'),
      row('0004', '2026-06-01T09:00:00Z', ['skoler'], 'netcompany'),
      row('0005', '2025-11-24T09:00:00Z', [], 'kmddanmark'),
    ];
    const snap = repeatSnapshot('self', report, rows, { system: ['sbsys'], supplier: ['kmd', 'kmddanmark'] }, now);
    assert.deepEqual(snap.supplier?.cases.map((c) => c.number), ['BV-2026-0002', 'BV-2026-0001', 'BV-2025-0005']);
    assert.equal(snap.supplier?.total, 3);
    assert.deepEqual(snap.system?.cases.map((c) => c.number), ['BV-2026-0002']);
    assert.equal(snap.supplier?.label, 'KMD A/S');
    assert.equal(repeatSnapshot('self', { ...report, supplierInvolved: 'no' }, rows, { system: [], supplier: [] }, now).supplier, null);
  });

  it('statistics: one line per name (merges as one, under the target), notified or not, linked reports not again', () => {
    const s = (number: string, supplierKey: string, supplierLabel: string, notified: boolean, linked = false) => ({
      number,
      reportedAt: `2026-0${number.slice(-1)}-01T09:00:00Z`,
      authorityNotifiedAt: notified ? '2026-03-01T09:00:00Z' : null,
      deadlineOutcome: linked ? ('linked' as const) : notified ? ('met' as const) : ('not_required' as const),
      supplierKey,
      supplierLabel,
    });
    const rows = [s('BV-2026-0001', 'kmd', 'KMD A/S', true), s('BV-2026-0002', 'kmd', 'kmd', false), s('BV-2026-0003', 'kmd', 'KMD A/S', false), s('BV-2026-0004', 'kmddanmark', 'KMD Danmark', false), s('BV-2026-0005', 'kmd', 'KMD', false, true)];
    const plain = nameStatistics(rows, aliasMap([]));
    assert.deepEqual(
      plain.suppliers.map((n) => [n.name, n.cases, n.notified, n.notNotified]),
      [['KMD A/S', 3, 1, 2], ['KMD Danmark', 1, 0, 1]],
    );
    const merged = nameStatistics(rows, aliasMap([{ kind: 'supplier', fromKey: 'kmddanmark', toKey: 'kmd', fromName: 'KMD Danmark', toName: 'KMD', by: 'x', at: '' }]));
    assert.deepEqual(merged.suppliers.map((n) => [n.name, n.cases, n.numbers.join(' ')]), [['KMD', 4, 'BV-2026-0001 BV-2026-0002 BV-2026-0003 BV-2026-0004']]);
    assert.deepEqual(merged.systems, []);
  });
});
