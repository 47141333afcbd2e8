/** Card helpers for driving a report journey over HTTP (as test/e2e/reporterJourney does). */
export { validReportValues as validValues } from '../helpers/reportValues';

export function cardOf(activity: any): any {
  return activity?.attachments?.[0]?.content;
}

export function action(card: any, verb: string): any {
  return (card?.actions ?? []).find((a: any) => a.verb === verb || a.data?.verb === verb);
}


/** Nearest-rank percentile of an unsorted sample. */
export function percentile(sample: number[], p: number): number {
  if (sample.length === 0) return NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
