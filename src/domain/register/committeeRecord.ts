/**
 * The information-security committee's part of a case in the register and the export (issue 18, part 2):
 * the risks to the municipality answered «ja», when the committee was asked, and its decision on a
 * crisis cell with the roles, who decided and when. Pure.
 */
import type { BreachCase } from '../case';
import { municipalRisksOf, type CrisisRole, type MunicipalRisk } from '../committee';

export type CrisisCellOutcome = 'convened' | 'not_convened' | 'awaiting';

export interface CommitteeRecordFields {
  /** The risks to the municipality answered «ja» at the latest assessment. */
  municipalRisks: MunicipalRisk[];
  committeeAskedAt: string | null;
  /** Null when the committee was never asked. */
  crisisCell: CrisisCellOutcome | null;
  crisisCellRoles: CrisisRole[];
  crisisCellDecidedBy: string | null;
  crisisCellDecidedAt: string | null;
}

export const COMMITTEE_COLUMNS = ['municipalRisks', 'committeeAskedAt', 'crisisCell', 'crisisCellRoles', 'crisisCellDecidedBy', 'crisisCellDecidedAt'] as const satisfies readonly (keyof CommitteeRecordFields)[];
export type CommitteeColumnKey = (typeof COMMITTEE_COLUMNS)[number];

export function committeeRecordFields(c: BreachCase): CommitteeRecordFields {
  const committee = c.work.committee;
  const decision = committee?.decision ?? null;
  return {
    municipalRisks: municipalRisksOf(c.work),
    committeeAskedAt: committee?.askedAt ?? null,
    crisisCell: !committee ? null : !decision ? 'awaiting' : decision.convene ? 'convened' : 'not_convened',
    crisisCellRoles: decision?.convene ? [...decision.roles] : [],
    // '' after retention (the member's name is gone; the decision stays).
    crisisCellDecidedBy: decision && decision.decidedBy !== '' ? decision.decidedBy : null,
    crisisCellDecidedAt: decision?.decidedAt ?? null,
  };
}

/** The export's words for the committee's columns (src/i18n/committeeTexts.ts gives them per language). */
export interface CommitteeExportLabels {
  headers: Record<CommitteeColumnKey, string>;
  risks: Record<MunicipalRisk, string>;
  roles: Record<CrisisRole, string>;
  crisisCell: Record<CrisisCellOutcome, string>;
}
