/** The clock helpers the duty table shares with the Art. 33 clock (src/domain/deadline.ts). */
export { clockStart, NOTIFY_WITHIN_HOURS } from '../deadline';

const HOUR_MS = 3_600_000;

/** Continuous hours (weekends, holidays and DST never move them: Regulation 1182/71 art. 3(4) spares periods in hours). */
export function addHours(start: Date, hours: number): Date {
  return new Date(start.getTime() + hours * HOUR_MS);
}
