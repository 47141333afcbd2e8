import type { BreachCase } from './case';

/**
 * How long after a case was made a press that finds it already made still counts as the same sending.
 *
 * Why (issue 17, finding 8): a double tap on «Send anmeldelse», or Teams repeating an invoke, sends two
 * presses of the same card at once. Teams replaces the card in place with whichever answer arrives last,
 * so nobody can tell which press the person sees: "the first" is not knowable from the server. Both
 * answers must therefore read the same, the normal receipt. A press later than this (an old summary card
 * pressed again minutes after) is a second sending and is told the report was already received.
 * 30 s covers a double tap and Teams' own retries (it gives an invoke about 15 s).
 */
export const SAME_SENDING_MS = 30_000;

/** The press found the case `c` already made: was that the same sending, by the same reporter? */
export function isSameSending(c: Pick<BreachCase, 'reportedAt' | 'reporter'>, reporterAadId: string, now: Date): boolean {
  const age = now.getTime() - Date.parse(c.reportedAt);
  // Either sign: two instances' clocks may disagree by a little.
  return c.reporter.aadObjectId === reporterAadId && Math.abs(age) <= SAME_SENDING_MS;
}
