/**
 * BRIEF step 1, "stop the breach": whom the coordinator should call first
 * (Ishøj: website → the communications department; a system → its vendor or the
 * IT department; the school or daycare area → school IT). Only the kind of
 * contact is decided here; names and numbers are configuration.
 *
 * Rules, first match wins:
 * 1. published → 'communications'
 * 2. the reporter's department/center names a school or daycare (skole,
 *    dagtilbud, daginstitution, børnehave, vuggestue, SFO) → 'school_it'; this
 *    beats rule 3 because school IT is the IT contact of that area
 * 3. a system is named, or the example is hacked / system_unavailable → 'vendor_or_it'
 * 4. children's data → 'school_it'
 * 5. otherwise null (no first contact to suggest)
 */
import type { Report } from './report';

export type FirstContact = 'communications' | 'vendor_or_it' | 'school_it';

const SCHOOL_AREA = /skole|dagtilbud|daginstitution|børnehave|boernehave|vuggestue|(?<![\p{L}\d])sfo(?![\p{L}\d])/iu;

export function isSchoolArea(report: Pick<Report, 'reporterDepartment' | 'reporterCenter'>): boolean {
  return SCHOOL_AREA.test(`${report.reporterDepartment} ${report.reporterCenter}`);
}

export function firstContact(report: Report): FirstContact | null {
  if (report.breachExample === 'published') return 'communications';
  if (isSchoolArea(report)) return 'school_it';
  const system =
    report.system.trim() !== '' || report.breachExample === 'hacked' || report.breachExample === 'system_unavailable';
  if (system) return 'vendor_or_it';
  if (report.dataKinds.includes('children')) return 'school_it';
  return null;
}
