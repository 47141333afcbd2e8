/**
 * `sager tjek` / `cases check`: the cases of a year whose stored timeline cannot have happened
 * (src/domain/caseWork/timeline.ts), for the DPO to correct, rather than have them counted silently.
 * Older versions accepted instants up to 30 days before the discovery, so such cases exist.
 *
 * Same access rules as the register list (registerAccess: a registered channel, a live member or an
 * administrator; central sees the tenant, a unit channel its own unit) and audited the same way. It
 * reads whole cases (the index rows lack the instants), through the export's source, so it is a
 * command a DPO runs now and then, not a page.
 */
import { timelineProblems, type TimelineProblem } from '../domain/caseWork/timeline';
import { workContext } from '../domain/caseWork';
import { copenhagenLocalToInstant } from '../domain/copenhagenTime';
import { inRegisterScope } from '../domain/visibility';
import type { ExportSource } from './ports';
import { auditRegister, registerAccess, registerTarget, type RegisterDeps, type RegisterRefusal, type RegisterViewer } from './registerAccess';

export interface TimelineCheckDeps extends RegisterDeps {
  source: ExportSource;
}

export interface CaseWithProblems {
  caseId: string;
  number: string;
  problems: TimelineProblem[];
}

export type CheckTimelinesResult =
  | { kind: 'ok'; central: boolean; unitName: string; year: number; cases: CaseWithProblems[] }
  | { kind: 'refused'; reason: RegisterRefusal };

export async function checkTimelines(deps: TimelineCheckDeps, tenantId: string, viewer: RegisterViewer, year: number): Promise<CheckTimelinesResult> {
  const access = await registerAccess(deps, tenantId, viewer);
  if (!access.ok) {
    await auditRegister(deps, tenantId, viewer.person, 'register.check', registerTarget(access), 'refused', access.reason);
    return { kind: 'refused', reason: access.reason };
  }
  const now = deps.clock.now();
  const from = copenhagenLocalToInstant(`${year}-01-01`, '00:00')!;
  const to = copenhagenLocalToInstant(`${year + 1}-01-01`, '00:00')!;
  const cases: CaseWithProblems[] = [];
  for await (const c of deps.source.casesReportedBetween(tenantId, from, to)) {
    if (!inRegisterScope(c, access.scope)) continue;
    const problems = timelineProblems(c.work, workContext(c), now);
    if (problems.length > 0) cases.push({ caseId: c.id, number: c.number, problems });
  }
  cases.sort((a, b) => a.number.localeCompare(b.number));
  // Audited with what was found: the DPO's record of which cases were shown to whom.
  await auditRegister(deps, tenantId, viewer.person, 'register.check', registerTarget(access), 'allowed', `year=${year} found=${cases.length}${cases.length > 0 ? ` ${cases.slice(0, 50).map((c) => c.number).join(',')}` : ''}`);
  return { kind: 'ok', central: access.central, unitName: access.registration.name, year, cases };
}
