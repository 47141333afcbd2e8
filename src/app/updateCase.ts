import type { BreachCase } from '../domain/case';
import { ConcurrencyError, type CaseRepository, type Versioned } from './ports';

const MAX_ATTEMPTS = 8;

/**
 * Read–change–write with the case's ETag, again from a fresh read when someone else wrote first:
 * concurrent coordinators (on any bot instance) never overwrite each other. `change` may return
 * null to write nothing; it is called again on every retry, so it must decide from what it is given.
 */
export async function updateCase<R>(
  cases: CaseRepository,
  tenantId: string,
  caseId: string,
  change: (current: BreachCase) => { next: BreachCase | null; result: R },
  /** A version the caller has just read: tried first, saving a read when nobody wrote since. */
  known?: Versioned<BreachCase>,
): Promise<{ saved: Versioned<BreachCase> | null; result: R } | null> {
  for (let attempt = 1; ; attempt++) {
    const current = attempt === 1 && known ? known : await cases.get(tenantId, caseId);
    if (!current) return null;
    const { next, result } = change(current.value);
    if (!next) return { saved: current, result };
    try {
      return { saved: await cases.update(next, current.etag), result };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
    }
  }
}
