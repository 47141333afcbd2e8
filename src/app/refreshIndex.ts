/**
 * Register index rows written by an older version, healed at start (issue 18 part 4). The repeat counts and
 * «Systemer og leverandører» read the system's and the supplier's name keys from the index rows; a case
 * written before they existed has rows without them. An open case gets them at its next write (the summary
 * differs, so the write reindexes it); a closed case may never be written again. So the start's one scan of
 * the closed cases (retentionBackfill.ts) passes each case through here first: rows that match cost nothing;
 * rows that do not are written once (2 requests: the rows, the case's registerHash), and the case goes on to
 * the retention backfill with its new version. A failure leaves the case as it was, for the next start.
 */
import type { BreachCase } from '../domain/case';
import type { CaseRepository, Versioned } from './ports';

export async function* withIndexRefresh(cases: CaseRepository, closed: AsyncIterable<Versioned<BreachCase>>): AsyncIterable<Versioned<BreachCase>> {
  for await (const found of closed) {
    let current = found;
    if (cases.refreshIndex) {
      try {
        current = await cases.refreshIndex(found);
      } catch {
        // The store refused now: the next start tries again; the retention backfill still sees the case.
      }
    }
    yield current;
  }
}
