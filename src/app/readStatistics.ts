/**
 * `statistik [år]`: the year's figures from the register index (small rows, never whole cases),
 * with the same access rules as the register list. Audited.
 */
import type { RegisterSummary } from '../domain/register/record';
import { registerStatistics, type RegisterStatistics } from '../domain/register/statistics';
import { dutyStatistics, type DutyStatistics } from '../domain/register/dutyStatistics';
import { auditRegister, registerAccess, registerTarget, type RegisterDeps, type RegisterRefusal, type RegisterViewer } from './registerAccess';

/** `duties`: each duty of the duty table and how often it was met (issue 18, part 3). */
import { aliasMap } from '../domain/register/nameAliases';
import { nameStatistics, type NameStatistics } from '../domain/register/nameStatistics';

export type StatisticsResult =
  | { kind: 'ok'; central: boolean; unitName: string; year: number; statistics: RegisterStatistics; duties?: DutyStatistics; names?: NameStatistics }
  | { kind: 'refused'; reason: RegisterRefusal };

export async function readStatistics(deps: RegisterDeps, tenantId: string, viewer: RegisterViewer, year: number): Promise<StatisticsResult> {
  const access = await registerAccess(deps, tenantId, viewer);
  await auditRegister(deps, tenantId, viewer.person, 'register.statistics', registerTarget(access), access.ok ? 'allowed' : 'refused', access.ok ? `year=${year}` : access.reason);
  if (!access.ok) return { kind: 'refused', reason: access.reason };
  const rows: RegisterSummary[] = [...(await deps.register.open(tenantId, year, access.scope))];
  let cursor: string | undefined;
  // 999: the index asks for one row more than it returns, and Table Storage answers at most 1,000 a request.
  do {
    const page = await deps.register.closed(tenantId, year, access.scope, {}, { size: 999, cursor });
    rows.push(...page.rows);
    cursor = page.cursor;
  } while (cursor);
  // «Systemer og leverandører» (issue 18 part 4): from the same rows, merged spellings as one.
  const names = nameStatistics(rows, aliasMap(deps.names ? await deps.names.list(tenantId) : []));
  return { kind: 'ok', central: access.central, unitName: access.registration.name, year, statistics: registerStatistics(rows, deps.clock.now()), duties: dutyStatistics(rows), names };
}
