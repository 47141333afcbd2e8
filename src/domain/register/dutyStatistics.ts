/**
 * The statistics of the duty table (issue 18, part 3): per duty, how many cases met it in time, late, left
 * it open or missed it; the cases where it was not relevant are not counted. From the register's summaries
 * (their `duties`, absent on index rows written before it: such a row counts for no duty). Pure.
 */
import { DUTY_TABLE, type DutyId, type DutyOutcome } from '../duties/dutyTable';
import type { RegisterSummary } from './record';

export type CountedOutcome = Exclude<DutyOutcome, 'not_relevant'>;
export type DutyStatistics = { duty: DutyId; counts: Record<CountedOutcome, number> }[];

export function dutyStatistics(rows: readonly RegisterSummary[]): DutyStatistics {
  return DUTY_TABLE.map((row) => {
    const counts: Record<CountedOutcome, number> = { met: 0, met_late: 0, open: 0, missed: 0 };
    for (const r of rows) {
      const outcome = r.duties?.[row.id];
      if (outcome !== undefined && outcome !== 'not_relevant') counts[outcome] += 1;
    }
    return { duty: row.id, counts };
  });
}
