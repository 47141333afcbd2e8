import type { Report } from './report';

export type Locale = 'da' | 'en';

/**
 * The life of a case. `new` until a coordinator takes it; `closed` after the
 * feedback to the reporter; a closed case can be reopened.
 */
export const CASE_STATUSES = ['new', 'acknowledged', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface Person {
  /** AAD object id: the stable identity we authorize and audit on. */
  aadObjectId: string;
  /** Teams user id (29:...) used to address the person in a conversation. */
  teamsUserId: string;
  name: string;
}

/** Enough to reach someone proactively later (receipt, feedback). */
export interface ConversationAddress {
  serviceUrl: string;
  conversationId: string;
  tenantId: string;
  channelId: string;
  botId: string;
  botName: string;
}

export interface BreachCase {
  /** Equals the id of the draft it came from: a second confirm of the same draft finds this case. */
  id: string;
  tenantId: string;
  /** Human case number, e.g. BV-2026-0007. */
  number: string;
  status: CaseStatus;
  /** When the bot received the confirmed report (the "reported at" of the Ishøj form). */
  reportedAt: string;
  reporter: Person;
  reporterAddress: ConversationAddress;
  reporterLocale: Locale;
  report: Report;
  /** The reporter was told their text contained CPR-like numbers; the stored text is masked. */
  cprMasked: boolean;
}

export function formatCaseNumber(year: number, sequence: number): string {
  return `BV-${year}-${String(sequence).padStart(4, '0')}`;
}

const CASE_NUMBER = /^BV-(\d{4})-(\d{4,})$/i;

export function parseCaseNumber(text: string): { year: number; sequence: number } | null {
  const match = CASE_NUMBER.exec(text.trim());
  if (!match) return null;
  return { year: Number(match[1]), sequence: Number(match[2]) };
}
