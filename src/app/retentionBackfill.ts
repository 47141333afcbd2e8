/**
 * Retention for cases closed before retention existed (issue 8): those were closed by a write that knew
 * no retention, so no due-index row brings them back at closedAt + RETENTION_YEARS and the sweep would
 * never anonymize them. At every start, one scan of the closed cases gives each its row where it lacks
 * one (reschedule computes the row as any write does, and writes nothing when the case already has it),
 * so a case closed under an older version, or a row lost to a crash, is healed without an operator.
 * Cost: one table scan per instance start (10 requests per 10,000 closed cases), plus one write per
 * case that needed a row.
 */
import type { BreachCase } from '../domain/case';
import type { CoordinationDeps } from './coordinationDeps';
import { reschedule } from './reschedule';
import type { Versioned } from './ports';

export interface BackfillStats {
  closed: number;
  scheduled: number;
  failed: number;
}

export async function backfillRetention(deps: CoordinationDeps, closed: AsyncIterable<Versioned<BreachCase>>, now: Date): Promise<BackfillStats> {
  const stats: BackfillStats = { closed: 0, scheduled: 0, failed: 0 };
  for await (const found of closed) {
    stats.closed += 1;
    // Anonymized cases are done; cases with a row are attended by the sweep already.
    if (found.value.anonymizedAt || found.value.schedule.key) continue;
    try {
      const { version } = await reschedule(deps, found.value.tenantId, found.value.id, now, undefined, found);
      if (version?.value.schedule.key) stats.scheduled += 1;
    } catch {
      // One case the store refused now is tried again at the next start; the others go on.
      stats.failed += 1;
    }
  }
  return stats;
}
