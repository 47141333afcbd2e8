import type { BreachCase, Person } from '../domain/case';
import type { ReportingDeps } from './deps';

/** "mine sager": the reporter's own cases only, each read audited. */
export async function listMyCases(deps: ReportingDeps, tenantId: string, reporter: Person): Promise<BreachCase[]> {
  const cases = await deps.cases.listByReporter(tenantId, reporter.aadObjectId);
  const at = deps.clock.now().toISOString();
  await Promise.all(
    cases.map((c) =>
      deps.audit.append({
        at,
        tenantId,
        actorAadId: reporter.aadObjectId,
        actorName: reporter.name,
        action: 'case.list',
        caseId: c.id,
        outcome: 'allowed',
      }),
    ),
  );
  return cases;
}
