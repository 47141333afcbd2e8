import type { BreachCase } from '../domain/case';
import { audit, authorize, type CaseActor, type Refusal } from './caseAccess';
import type { CoordinationDeps } from './coordinationDeps';

export type ReadResult = { kind: 'ok'; breachCase: BreachCase } | { kind: 'refused'; reason: Refusal } | { kind: 'not_found' };

/**
 * Showing a case or a draft of it is a read of personal data: authorized like a change, and audited.
 * `rejected`: the read answers an action refused before the domain saw it (a card value that could not
 * be read, e.g. an empty date): audited as that attempt, `rejected:<code>:<field>` like actOnCase's
 * rejections, so the trail does not show it as the save it was not.
 */
export async function readCase(deps: CoordinationDeps, tenantId: string, caseId: string, actor: CaseActor, action: string, rejected?: string): Promise<ReadResult> {
  const found = await deps.cases.get(tenantId, caseId);
  if (!found) return { kind: 'not_found' };
  const access = await authorize(deps, found.value, actor);
  await audit(deps, found.value, actor.person, action, access === 'ok' ? 'allowed' : 'refused', access === 'ok' ? rejected : access);
  if (access !== 'ok') return { kind: 'refused', reason: access };
  return { kind: 'ok', breachCase: found.value };
}
