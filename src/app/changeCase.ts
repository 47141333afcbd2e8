import type { BreachCase } from '../domain/case';
import { ConcurrencyError, type CaseRepository, type Versioned } from './ports';

/**
 * The one ETag retry policy (issue 16): every read–change–write of a stored record goes through
 * `retryOnConflict`, so "someone else wrote first" is handled the same way everywhere. Full-jitter
 * exponential backoff: attempt n waits a random time below min(CAP, BASE·2ⁿ). Twelve attempts span
 * about 5 s at most: enough for a close pressed into a burst of 40 reports tied to the same incident
 * (each writes the incident's `linkedFrom`), short enough for a Teams invoke (15 s).
 */
export const CONFLICT_POLICY = { attempts: 12, baseMs: 15, capMs: 800 } as const;

/**
 * Every attempt met a newer version: the change was not made. The person is told in words (try again);
 * the stored record is as the others left it.
 */
export class ContendedError extends ConcurrencyError {
  constructor(what: string) {
    super(what);
    this.name = 'ContendedError';
  }
}

/** Runs `attempt` until it does not throw ConcurrencyError, waiting by the policy in between. */
export async function retryOnConflict<T>(what: string, attempt: (n: number) => Promise<T>, policy: { attempts: number; baseMs: number; capMs: number } = CONFLICT_POLICY): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || error instanceof ContendedError) throw error;
      if (n + 1 >= policy.attempts) throw new ContendedError(what);
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(policy.capMs, policy.baseMs * 2 ** n)));
    }
  }
}

/** What a change decides from the case it is given: the next case (null: write nothing) and a result. */
export type CaseChange<R> = (current: BreachCase) => { next: BreachCase | null; result: R } | Promise<{ next: BreachCase | null; result: R }>;

/**
 * Read–change–write of one case under its ETag: concurrent coordinators, deliveries and sweeps (on any
 * instance) never overwrite each other. `change` is called again on every retry with the fresh case, so
 * it must decide from what it is given; it may do I/O that must precede the write (a due-index row that
 * brings the case back is written before the case that needs it). Null when the case does not exist.
 */
export async function changeCase<R>(
  cases: CaseRepository,
  tenantId: string,
  caseId: string,
  change: CaseChange<R>,
  /** A version the caller has just read: tried first, saving a read when nobody wrote since. */
  known?: Versioned<BreachCase>,
): Promise<{ saved: Versioned<BreachCase>; result: R; written: boolean } | null> {
  return retryOnConflict(`case ${caseId}`, async (n) => {
    const current = n === 0 && known ? known : await cases.get(tenantId, caseId);
    if (!current) return null;
    const { next, result } = await change(current.value);
    if (!next) return { saved: current, result, written: false };
    return { saved: await cases.update(next, current.etag), result, written: true };
  });
}
