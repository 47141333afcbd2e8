import type { BreachCase } from '../domain/case';
import { audit, authorize, type CaseActor, type Refusal } from './caseAccess';
import type { CoordinationDeps } from './coordinationDeps';

export type ReadResult = { kind: 'ok'; breachCase: BreachCase } | { kind: 'refused'; reason: Refusal } | { kind: 'not_found' };

/** Showing a case or a draft of it is a read of personal data: authorized like a change, and audited. */
export async function readCase(deps: CoordinationDeps, tenantId: string, caseId: string, actor: CaseActor, action: string): Promise<ReadResult> {
  const found = await deps.cases.get(tenantId, caseId);
  if (!found) return { kind: 'not_found' };
  const access = await authorize(deps, found.value, actor);
  await audit(deps, found.value, actor.person, action, access === 'ok' ? 'allowed' : 'refused', access === 'ok' ? undefined : access);
  if (access !== 'ok') return { kind: 'refused', reason: access };
  return { kind: 'ok', breachCase: found.value };
}
