// From the model file itself, not the caseWork index: its commands import this file, and the model
// imports only types from here, so there is no cycle at run time.
import { emptyWork, statusOf, type CaseWork, type TimelineEntry } from './caseWork/model';
import { mentionsCpr } from './cpr';
import { REPORT_FIELDS, type Report, type ReportValues } from './report';
import { managerItemsOnOpen, type ManagerNotice } from './nearestManager';
import type { RepeatSnapshot } from './register/repeats';

export type Locale = 'da' | 'en';

/**
 * The life of a case. `new` until a coordinator takes it; `closed` after the
 * feedback to the reporter; a closed case can be reopened. Derived from the work
 * (statusOf in caseWork/model.ts), never set on its own.
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
   * Written by versions before channel posts were outbox items (the claim is now the `post:<channel>`
   * item's, src/domain/outbox.ts); ignored when read.
   */
  claim?: string;
  claimUntil?: string;
  /**
   * Sends that Teams may have accepted without the bot learning the thread id: counted up in the
   * claim write (a crash mid-send counts), counted down when Teams definitely refused.
   */
  sends?: number;
  /** Failed sends since the last success, and since when: the backoff and the central notice follow them. */
  failures?: number;
  failingSince?: string;
  /** When the central channel was owed the notice that this card cannot reach its channel. */
  noticeAt?: string;
  /** Written by versions that gave a post up after two unconfirmed sends; read as nothing (never given up now). */
  givenUpAt?: string;
}

/**
 * A Teams side effect the case still owes, kept until Teams accepted it: a reminder (the slot id),
 * a reporter message, a card update (one per post, coalesced) or a thread line.
 */
export interface OutboxItem {
  /** The reminder slot id; `reporter:…@at`; `card:<channel id>`; `line:<channel id>:<at>:<n>`; `link:<case number>`. */
  id: string;
  kind: string;
  /**
   * 'incident': the case this one is linked to learns of it (src/app/linkReports.ts); 'notice': the
   * central channel is told that the card cannot reach the channel `channelId` (src/domain/outbox.ts);
   * 'record': housekeeping of the case's own stored rows (retention forgetting the reporter in its audit rows).
   */
  target: 'thread' | 'central' | 'reporter' | 'post' | 'incident' | 'notice' | 'record' | 'manager' | 'committee';
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
  /**
   * `reporter_closed_linked` (one item for all of a closed case's linked reports): the index in
   * `linkedFrom` of the next reporter to tell. Moved on in each recording write, so a crash re-tells at
   * most one batch and the case holds one item, not one per linked report.
   */
  cursor?: number;
  /**
   * Reminders said in several channels: the channels that have it already. A channel that fails (its card
   * cannot get through, the bot was removed) does not make the others hear it again at every retry.
   */
  doneChannels?: string[];
  /** `reporter_closed_linked`: the walk ends before this index (the reports linked when the case closed). */
  end?: number;
  /** Thread lines: the timeline entry to say in the thread. */
  line?: TimelineEntry;
  /** A reminder of a NIS2 duty (src/domain/duties/dutyTable.ts): whose deadline it speaks of. */
  duty?: string;
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

/**
 * A report linked to this case (the same incident): its own case number, and who it came from for the
 * incident's card, which only the case's coordinators see. Retention blanks the name with the rest.
 */
export interface LinkedReport {
  number: string;
  /** When it was linked (ISO); '' on links stored before this was recorded. */
  at: string;
  /** The reporter's name; '' on old links and after retention. */
  reporterName: string;
  /** The units the reporter named (id and the name it had then), for the count per unit. */
  units: { id: string; name: string }[];
}

export interface BreachCase {
  /** Equals the id of the draft it came from: a second confirm of the same draft finds this case. */
  id: string;
  tenantId: string;
  /** Human case number, e.g. BV-2026-0007. */
  number: string;
  /**
   * statusOf(work), kept on the case because storage writes it as a column the queries filter on
   * (the retention backfill's closed cases); the commands return it and a read derives it again.
   */
  status: CaseStatus;
  /** When the bot received the confirmed report (the "reported at" of the Ishøj form). */
  reportedAt: string;
  reporter: Person;
  reporterAddress: ConversationAddress;
  reporterLocale: Locale;
  report: Report;
  /** The reporter was told their text contained CPR-like numbers; the stored text is masked. */
  cprMasked: boolean;
  /**
   * The coordinators' record (issue #3). Cases stored before it existed are read with an empty one
   * (src/domain/caseUpgrade.ts), so every reader has one and none falls back on its own.
   */
  work: CaseWork;
  /** Where the case card was (or is to be) posted. Empty until routed. */
  posts: CasePost[];
  /** Reports of the same incident linked to this case, in the order they were linked. */
  linkedFrom: LinkedReport[];
  schedule: CaseSchedule;
  /**
   * When retention removed the case's personal data (src/domain/retention.ts). The register row and
   * its facts remain; the reporter, the names and the free texts are gone, and it cannot be reopened.
   */
  anonymizedAt?: string;
  /** What became of telling the reporter's nearest manager (src/domain/nearestManager.ts); absent: nothing yet. */
  manager?: ManagerNotice;
  /**
   * The committee's card (issue 18, part 2; src/domain/committeeOutbox.ts): in the channel registered with
   * `tilmeld udvalg`, drawn from visibility.ts `committeeView` only. Kept apart from `posts` on purpose:
   * a post there would let the committee's team open the case and hear its thread lines.
   */
  committeePost?: CommitteePost;
  /**
   * The other cases of the last 12 months with the same system or supplier, as counted when the case was
   * reported and again when assessed (issue 18 part 4, src/domain/register/repeats.ts). Absent: no name
   * given, not counted (older cases, a store that did not answer), or removed by retention.
   */
  repeats?: RepeatSnapshot;
}

/** Where the committee's card is (set once posted) and how its delivery goes. */
export interface CommitteePost {
  channel?: ChannelAddress;
  locale?: Locale;
  threadId?: string;
  activityId?: string;
  postedAt?: string;
  /** Failed sends since the last success: the backoff follows them (never given up). */
  failures?: number;
  /** No committee channel was registered when the card was last tried. */
  missingSince?: string;
  /** When the central channel was owed the notice that no committee is registered (once per case). */
  missingNoticeAt?: string;
  /** Sends Teams failed (not counting «missing»): after NOTICE_AFTER_FAILURES the central channel is told. */
  sendFailures?: number;
  /** When the central channel was owed the notice that the card cannot reach the committee (once per channel). */
  failingNoticeAt?: string;
}

/** What a confirmed report brings to its case: who sent it from where, the values and the number. */
export interface OpenCaseInput {
  /** The draft's id: a second confirm of the same draft finds this case. */
  id: string;
  tenantId: string;
  number: string;
  /** When the bot received the confirmed report. */
  at: Date;
  reporter: Person;
  reporterAddress: ConversationAddress;
  reporterLocale: Locale;
  /** The validated report. */
  report: Report;
  /** The draft's values as the reporter left them (masked at the gate): do they mention a CPR number? */
  values: ReportValues;
  /** The due-index row written for the case before it exists (see confirmReport). */
  scheduleKey: string;
  /**
   * A report tied to a known incident (issue 10): opened linked to that case, by its reporter, with
   * what the link owes the incident already in its outbox (src/app/linkReports.ts).
   */
  tiedTo?: { caseNumber: string; link: OutboxItem };
}

/**
 * A new case from a confirmed report: nobody has taken it, nothing is recorded, posted or sent yet, and
 * it is linked only when it was tied to a known incident. Pure: the caller takes the number and writes the due-index row, this only says what a new case is.
 */
export function openCase(input: OpenCaseInput): BreachCase {
  const work = emptyWork();
  if (input.tiedTo) {
    work.linkedTo = input.tiedTo.caseNumber;
    work.timeline.push({ at: input.at.toISOString(), by: input.reporter.name, event: 'linked', toCaseNumber: input.tiedTo.caseNumber });
  }
  return {
    id: input.id,
    tenantId: input.tenantId,
    number: input.number,
    status: statusOf(work),
    reportedAt: input.at.toISOString(),
    reporter: input.reporter,
    reporterAddress: input.reporterAddress,
    reporterLocale: input.reporterLocale,
    report: input.report,
    cprMasked: REPORT_FIELDS.some((f) => mentionsCpr(input.values[f])),
    work,
    posts: [],
    linkedFrom: [],
    schedule: { key: input.scheduleKey, sent: [], outbox: [...(input.tiedTo ? [input.tiedTo.link] : []), ...managerItemsOnOpen(input, input.at.toISOString())] },
  };
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
