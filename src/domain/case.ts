import type { CaseWork, TimelineEntry } from './caseWork';
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

/** Where a Teams channel is, to post into it later without a turn. */
export interface ChannelAddress {
  serviceUrl: string;
  tenantId: string;
  teamId: string;
  teamName: string;
  channelId: string;
  channelName: string;
  botId: string;
}

/** The case card in one coordinators' channel: one thread per case and channel. */
export interface CasePost {
  unitId: string;
  unitName: string;
  channel: ChannelAddress;
  /** The unit has no channel of its own: the card went to the central channel with a note. */
  viaCentral: boolean;
  /** The channel's card language (that of whoever registered the channel). */
  locale: Locale;
  /** Conversation id of the thread (channel id;messageid=root), set once posted. */
  threadId?: string;
  activityId?: string;
  postedAt?: string;
  /**
   * The claim on sending this card: written to the case under its ETag BEFORE the send, so of two
   * presses, two instances or a Teams retry only the holder posts. Expired means the holder died.
   */
  claim?: string;
  claimUntil?: string;
  /**
   * Sends that Teams may have accepted without the bot learning the thread id: counted up in the
   * claim write (a crash mid-send counts), counted down when Teams definitely refused. Never above
   * two, so one post gives at most one extra card.
   */
  sends?: number;
  /** Two sends may both have been accepted: no further automatic post (see README). */
  givenUpAt?: string;
}

/**
 * A Teams side effect the case still owes, kept until Teams accepted it: a reminder (the slot id),
 * a reporter message, a card update (one per post, coalesced) or a thread line.
 */
export interface OutboxItem {
  /** The reminder slot id; `reporter:…@at`; `card:<channel id>`; `line:<channel id>:<at>:<n>`. */
  id: string;
  kind: string;
  target: 'thread' | 'central' | 'reporter' | 'post';
  /** For the reporter's messages: the owner's name or a case number. */
  detail?: string;
  /** The slot's instant (ISO). */
  at: string;
  hoursLeft?: number;
  /** Only the holder of an unexpired lease delivers it; an expired lease means the holder died. */
  leaseUntil: string;
  attempts: number;
  /** Which claim holds it (the write that claimed it); the holder delivers only its own items. */
  claim?: string;
  /** For target 'post': the channel of the post. */
  channelId?: string;
  /** Card updates: raised by every change while pending, so the holder sees a newer state arrived. */
  rev?: number;
  /** Thread lines: the timeline entry to say in the thread. */
  line?: TimelineEntry;
}

/** The case's place in the due-index and what the sweep has already done for it. */
export interface CaseSchedule {
  /** The due-index row that points at this case; rows with another key are stale. */
  key?: string;
  /** When `key` is due (ISO); unknown on cases stored before it was recorded. */
  dueAt?: string;
  /**
   * A second, one-shot due-index row (written before the change that needs it) that brings the case
   * back when the outbox items a coordinator's change claimed are due for a retry.
   */
  retryKey?: string;
  retryAt?: string;
  /** Reminder slot ids already claimed (each is sent once, however many sweeps run). */
  sent: string[];
  outbox: OutboxItem[];
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
  /** The coordinators' record (issue #3); absent on cases stored before it existed. */
  work?: CaseWork;
  /** Where the case card was (or is to be) posted. Empty until routed. */
  posts?: CasePost[];
  /** Reports of the same incident linked to this case (their case numbers). */
  linkedFrom?: string[];
  schedule?: CaseSchedule;
  /**
   * When retention removed the case's personal data (src/domain/retention.ts). The register row and
   * its facts remain; the reporter, the names and the free texts are gone, and it cannot be reopened.
   */
  anonymizedAt?: string;
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
