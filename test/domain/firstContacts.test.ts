import { strict as assert } from 'node:assert';
import { firstContact, type FirstContact } from '../../src/domain/firstContacts';
import type { Report } from '../../src/domain/report';

function report(overrides: Partial<Report>): Report {
  return {
    reporterName: 'Test',
    reporterPhone: '',
    reporterEmail: 'test@kommune.example',
    reporterTitle: 'Sagsbehandler',
    reporterDepartment: 'Borgerservice',
    reporterCenter: 'Center for Borgerservice',
    unitIds: [],
    breachTypes: ['confidentiality'],
    breachExample: 'wrong_recipient',
    whatHappened: 'Et brev blev sendt forkert.',
    dataKinds: ['names'],
    dataKindsOther: '',
    personsAffected: 1,
    howHappened: '',
    discoveredAt: '2026-03-02T08:00:00Z',
    ongoing: 'stopped',
    system: '',
    supplierInvolved: 'no',
    supplierName: '',
    supplierNotifiedAt: '',
    ...overrides,
  };
}

describe('firstContacts: firstContact', () => {
  const cases: { why: string; r: Partial<Report>; expect: FirstContact | null }[] = [
    { why: 'letter to the wrong citizen: no one to call', r: {}, expect: null },
    { why: 'published → communications', r: { breachExample: 'published' }, expect: 'communications' },
    { why: 'published at a school is still communications', r: { breachExample: 'published', reporterDepartment: 'Vibeholmskolen' }, expect: 'communications' },
    { why: 'a named system → vendor/IT', r: { system: 'SBSYS' }, expect: 'vendor_or_it' },
    { why: 'hacked → vendor/IT', r: { breachExample: 'hacked' }, expect: 'vendor_or_it' },
    { why: 'system unavailable → vendor/IT', r: { breachExample: 'system_unavailable', breachTypes: ['availability'] }, expect: 'vendor_or_it' },
    { why: 'whitespace is not a system', r: { system: '   ' }, expect: null },
    { why: 'school department → school IT', r: { reporterDepartment: 'Strandgårdskolen' }, expect: 'school_it' },
    { why: 'school system → school IT, not the vendor', r: { reporterCenter: 'Center for Skole', system: 'Aula' }, expect: 'school_it' },
    { why: 'dagtilbud', r: { reporterCenter: 'Center for Dagtilbud' }, expect: 'school_it' },
    { why: 'daginstitution', r: { reporterDepartment: 'Daginstitution Solsikken' }, expect: 'school_it' },
    { why: 'børnehave', r: { reporterDepartment: 'Børnehaven Mælkebøtten' }, expect: 'school_it' },
    { why: 'SFO as a word', r: { reporterDepartment: 'SFO Vejleåen' }, expect: 'school_it' },
    { why: 'sfo inside another word does not count', r: { reporterDepartment: 'Transformation' }, expect: null },
    { why: "children's data → school IT", r: { dataKinds: ['names', 'children'] }, expect: 'school_it' },
    { why: "children's data in a system elsewhere → vendor/IT", r: { dataKinds: ['children'], system: 'DUBU' }, expect: 'vendor_or_it' },
  ];
  for (const c of cases) {
    it(c.why, () => {
      assert.equal(firstContact(report(c.r)), c.expect);
    });
  }
});
