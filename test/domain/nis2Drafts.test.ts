/** The three NIS2 drafts (issue 18, part 3): what Art. 23(4) asks for, and no personal data from the report. */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { NIS2_DRAFT_KINDS, nis2Draft } from '../../src/domain/duties/nis2Drafts';
import { apply, hackedCase, MARK } from '../helpers/nis2Case';
import type { BreachCase } from '../../src/domain/case';

const org = { controllerName: 'Ishøj Kommune', dpoContact: 'DPO, dpo@ishoj.dk, 43 57 75 75' };

function workedCase(): BreachCase {
  let c = hackedCase({ discoveredAt: '2026-03-03T08:00:00Z' });
  c = apply(c, MARK, '2026-03-03T08:30:00Z');
  c = apply(
    c,
    {
      type: 'assess',
      risk: 'high',
      decision: 'notify',
      justification: 'Helbredsoplysninger om mange borgere kan være kopieret.',
      enisa: { dpcBase: 4, dpcAdjust: 0, ei: 1, confidentiality: 0.5, integrity: 0, availability: 0.25, malicious: true },
    },
    '2026-03-03T09:00:00Z',
  );
  c = apply(c, { type: 'setStopped', stopped: 'yes', stopHow: 'Serveren isoleret og gendannet fra backup.' }, '2026-03-03T10:00:00Z');
  c = apply(c, { type: 'recordNis2Report', kind: 'early_warning', at: '2026-03-03T11:00:00Z', reference: 'VIRK-NIS2-001' }, '2026-03-03T11:05:00Z');
  c = apply(c, { type: 'recordNis2Report', kind: 'notification', at: '2026-03-04T11:00:00Z', reference: 'VIRK-NIS2-002' }, '2026-03-04T11:05:00Z');
  return c;
}

describe('domain: NIS2 drafts', () => {
  const now = new Date('2026-03-05T09:00:00Z');

  it('each draft asks what Art. 23(4) asks: cause and cross-border; then severity, IoCs, measures; then root cause', () => {
    const c = workedCase();
    const [early, notification, final] = NIS2_DRAFT_KINDS.map((k) => nis2Draft(k, c, c.work, org, now));
    for (const d of [early, notification, final]) {
      assert.match(d, /ondsindede handlinger/);
      assert.match(d, /grænseoverskridende/);
      assert.match(d, /KMD Nexus/);
      assert.match(d, /BV-2026-0042/);
    }
    assert.match(early, /Tidlig varsling/);
    assert.doesNotMatch(early, /Kompromitteringsindikatorer/);
    assert.match(notification, /Kompromitteringsindikatorer/);
    assert.match(notification, /ENISA-alvorlighed: 5,25 \(meget høj\)/);
    assert.match(notification, /Tidlig varsling indsendt: .*VIRK-NIS2-001/);
    assert.match(notification, /Serveren isoleret og gendannet fra backup/);
    assert.match(final, /Trusselstype eller grundlæggende årsag/);
    assert.match(final, /Hændelsesunderretning indsendt: .*VIRK-NIS2-002/);
    // One month from the notification (4 March) → 24:00 on 4 April.
    assert.match(final, /Frist for denne indberetning: 04\.04\.2026 kl\. 24:00/);
  });

  it('no name, mail, phone, CPR or free text of the report reaches a draft', () => {
    const c = workedCase();
    for (const kind of NIS2_DRAFT_KINDS) {
      const d = nis2Draft(kind, c, c.work, org, now);
      for (const secret of ['Rita', 'Reportersen', 'rita.reportersen@ishoj.dk', '22 33 44 55', '010190-1234', '0101901234', 'Jens Hansen', 'løsesumsbesked', 'Borgerservice']) {
        assert.ok(!d.includes(secret), `${kind} holds «${secret}»`);
      }
    }
  });

  it('property: whatever the reporter typed about themself or the persons, no draft holds it', () => {
    const token = fc.stringMatching(/^[A-Za-z]{8,14}$/).map((s) => `Zq${s}`);
    const cpr = fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 9999 })).map(
      ([d, m, y, s]) => `${String(d).padStart(2, '0')}${String(m).padStart(2, '0')}${String(y).padStart(2, '0')}-${String(s).padStart(4, '0')}`,
    );
    fc.assert(
      fc.property(token, token, cpr, (name, mailbox, number) => {
        const base = workedCase();
        const c: BreachCase = {
          ...base,
          reporter: { ...base.reporter, name },
          report: {
            ...base.report,
            reporterName: name,
            reporterEmail: `${mailbox}@ishoj.dk`,
            whatHappened: `${name} skrev om borger ${number}`,
            howHappened: `Se ${mailbox}`,
            dataKindsOther: name,
          },
        };
        for (const kind of NIS2_DRAFT_KINDS) {
          const d = nis2Draft(kind, c, c.work, org, now);
          assert.ok(!d.includes(name) && !d.includes(mailbox) && !d.includes(number), kind);
        }
      }),
      { numRuns: 60 },
    );
  });
});
