/**
 * What this instance wrote last, per case: a hint for the next conditional write (`known`), so an action
 * or a delivery right after another saves a read. A stale hint costs a 412 and a fresh read, never a lost
 * update (the ETag decides).
 */
import { performance } from 'node:perf_hooks';
import type { BreachCase } from '../domain/case';
import type { CoordinationDeps } from './coordinationDeps';
import type { Versioned } from './ports';

const caseKey = (c: BreachCase) => `${c.tenantId}\u0000${c.id}`;
const recent = new WeakMap<CoordinationDeps, Map<string, { version: Versioned<BreachCase>; at: number }>>();
const RECENT_MAX = 2000;

/**
 * Remembers the version of a case this instance just wrote. Only ever a hint for the next conditional
 * write (`known`): a stale one costs a 412 and a fresh read, never a lost update.
 */
export function noteWritten(deps: CoordinationDeps, version: Versioned<BreachCase>): void {
  let byCase = recent.get(deps);
  if (!byCase) recent.set(deps, (byCase = new Map()));
  const key = caseKey(version.value);
  byCase.delete(key);
  byCase.set(key, { version, at: performance.now() });
  if (byCase.size > RECENT_MAX) byCase.delete(byCase.keys().next().value!);
}

/** The version of a case this instance wrote last, if it is younger than `maxAgeMs`. */
export function recentlyWritten(deps: CoordinationDeps, tenantId: string, caseId: string, maxAgeMs: number): Versioned<BreachCase> | undefined {
  const hit = recent.get(deps)?.get(`${tenantId}\u0000${caseId}`);
  return hit && performance.now() - hit.at <= maxAgeMs ? hit.version : undefined;
}

/** A version of the case this instance wrote after `since` (performance.now()), if any. */
export function writtenSince(deps: CoordinationDeps, c: BreachCase, since: number): Versioned<BreachCase> | undefined {
  const hit = recent.get(deps)?.get(caseKey(c));
  return hit && hit.at > since ? hit.version : undefined;
}

