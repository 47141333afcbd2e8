/**
 * The ports the use cases are written against. Adapters live in src/storage
 * (Table Storage) and src/teams (Bot Framework); tests may use in-memory fakes.
 */
import { CENTRAL_UNIT } from '../domain/unit';
import type { BreachCase, CasePost, ChannelAddress, ConversationAddress, Locale, OutboxItem, Person } from '../domain/case';
export type { ChannelAddress } from '../domain/case';
import type { TimelineEntry } from '../domain/caseWork';
import type { FieldErrors, ReportValues } from '../domain/report';
import type { RegisterSummary } from '../domain/register/record';
import type { ExportCell } from '../domain/register/exportColumns';
import type { NamedRows } from '../domain/register/repeats';
import type { NameAlias, NameKind } from '../domain/register/nameAliases';

/** A value read together with the ETag that guards the next write of it. */
export interface Versioned<T> {
  value: T;
  etag: string;
}

/** Thrown by a conditional write whose ETag is stale (HTTP 412): someone else wrote first. */
export class ConcurrencyError extends Error {
  constructor(what: string) {
    super(`concurrent update of ${what}`);
    this.name = 'ConcurrencyError';
  }
}

/** Thrown by adapters when the store cannot be reached; the use case decides what the person sees. */
export class StorageUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('storage unavailable');
    this.name = 'StorageUnavailableError';
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}

export interface CaseRepository {
  /** Inserts; `exists` when a case with this id is already stored (idempotent confirm). */
  create(breachCase: BreachCase): Promise<'created' | 'exists'>;
  get(tenantId: string, id: string): Promise<Versioned<BreachCase> | null>;
  /** Replaces only if `etag` is still current, else ConcurrencyError. */
  update(breachCase: BreachCase, etag: string): Promise<Versioned<BreachCase>>;
  listByReporter(tenantId: string, reporterAadId: string): Promise<BreachCase[]>;
  findByNumber(tenantId: string, number: string): Promise<Versioned<BreachCase> | null>;
  /**
   * Brings the case's register index rows up to date with the stored case (repair after a crash
   * between the case write and its index write; see RegisterIndex). false: no such case.
   */
  reindex(tenantId: string, caseId: string): Promise<boolean>;
  /**
   * The register index rows of a case just read by a scan, written again when they no longer match it (rows
   * of an older version); the case's version after it. Optional: a store without an index has nothing to do.
   */
  refreshIndex?(found: Versioned<BreachCase>): Promise<Versioned<BreachCase>>;
}

/** A known incident as the report form offers it (issue 10). */
export interface ListedIncident {
  tenantId: string;
  caseId: string;
  number: string;
  /** The public title (masked when declared). */
  title: string;
  declaredAt: string;
}

/**
 * The tenant's active known incidents: a small listing kept beside the cases so the report form asks
 * about them with one read. The case decides (activeIncident); the listing follows it after every
 * coordinator's change of an incident case, and a reporter's tie re-checks the case, so a listing left
 * stale by a crash misleads nobody for long (see README, "Known incidents").
 */
export interface IncidentDirectory {
  active(tenantId: string): Promise<ListedIncident[]>;
  /** Lists the case while its incident is active, removes it otherwise. */
  sync(c: BreachCase): Promise<void>;
}

/** Whose cases a register read covers: the whole tenant (central) or one unit. */
export type RegisterScope = { kind: 'all' } | { kind: 'unit'; unitId: string };

/**
 * The register index: one small row per case and scope (the tenant, each of its units), written by
 * the CaseRepository whenever a case is written, so listing and statistics never read whole cases.
 * Open cases are few (the work in hand) and read whole; closed ones are paged, newest report first.
 */
export interface RegisterIndex {
  /** Every open case of the year in the scope (any order). */
  open(tenantId: string, year: number, scope: RegisterScope): Promise<RegisterSummary[]>;
  /** Closed cases of the year, newest report first, at most `size` a page; `cursor` continues. */
  closed(
    tenantId: string,
    year: number,
    scope: RegisterScope,
    filter: { notified?: boolean },
    page: { size: number; cursor?: string },
  ): Promise<{ rows: RegisterSummary[]; cursor?: string }>;
  /** Cases whose index write was announced before `before` and never completed (a crash): to reindex. */
  unsynced(tenantId: string, year: number, before: Date): Promise<string[]>;
  /** Drops the marker of a case that does not exist (its create never happened). */
  clear(tenantId: string, year: number, caseId: string): Promise<void>;
}

export type DraftStage = 'form' | 'summary' | 'submitted';

/** A report being written in a 1:1 chat. One per reporter; survives restarts because it is stored. */
export interface Draft {
  tenantId: string;
  reporterAadId: string;
  /** New for each report; becomes the case id on confirm. */
  draftId: string;
  stage: DraftStage;
  values: ReportValues;
  errors: FieldErrors;
  locale: Locale;
  reporter: Person;
  address: ConversationAddress;
  caseNumber?: string;
  /** Set by "annuller": an old card of this draft can then say it was cancelled (not sent). */
  cancelledAt?: string;
  createdAt: string;
  updatedAt: string;
}

export type DraftPatch = Partial<Pick<Draft, 'stage' | 'values' | 'errors' | 'updatedAt' | 'caseNumber'>>;

export interface DraftRepository {
  get(tenantId: string, reporterAadId: string): Promise<Versioned<Draft> | null>;
  /** Inserts; null when the reporter already has a draft. */
  create(draft: Draft): Promise<Versioned<Draft> | null>;
  /** Replaces only if `etag` is current, else ConcurrencyError. */
  replace(draft: Draft, etag: string): Promise<Versioned<Draft>>;
  /**
   * Merges the given fields only if `etag` is current (ConcurrencyError otherwise); returns the
   * new ETag. Lets a card submit write without a read: the card carries the ETag it was drawn with.
   */
  patch(tenantId: string, reporterAadId: string, fields: DraftPatch, etag: string): Promise<string>;
  /** Deletes; with an etag only if it is current (ConcurrencyError otherwise). Missing is fine. */
  delete(tenantId: string, reporterAadId: string, etag?: string): Promise<void>;
}

/** Hands out case sequence numbers: unique per tenant and year even under concurrent confirms. */
export interface CaseNumberAllocator {
  next(tenantId: string, year: number): Promise<number>;
}

export interface Clock {
  now(): Date;
}

export interface AuditEntry {
  at: string;
  tenantId: string;
  actorAadId: string;
  actorName: string;
  /** e.g. case.create, case.read, case.list */
  action: string;
  caseId: string;
  outcome: 'allowed' | 'refused';
  /** Short, never report content. */
  detail?: string;
}

/**
 * Append-only, with one exception: retention. When a closed case is anonymized, the rows of that case
 * whose actor is its reporter keep what was done and when, but not who (README, "Retention"): the
 * reporter's identity is personal data of the case, not an official's act. Coordinators' names stay
 * (accountability for access, Gladsaxe).
 */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  listForCase(tenantId: string, caseId: string): Promise<AuditEntry[]>;
  /** Replaces the actor of this case's rows by `actorAadId` with the anonymized reporter. Idempotent. */
  forgetActor(tenantId: string, caseId: string, actorAadId: string): Promise<number>;
}

/** The actor of what Brudvagt does by itself, in the audit log. */
export const SYSTEM_ACTOR = { aadObjectId: 'brudvagt', name: 'Brudvagt' } as const;

/** Who an anonymized reporter's audit rows name (retention). */
export const ANONYMIZED_REPORTER = { aadObjectId: 'anonymized-reporter', name: 'Anmelder (anonymiseret)' } as const;

/**
 * Makes every write done so far survive a kill -9 before a person is told "saved" (a receipt, an
 * acknowledgement, a new card). Azure Table Storage is durable when it answers: there it does nothing;
 * the embedded store writes its file. Called by the Teams seam before any activity leaves.
 */
export interface DurabilityBarrier {
  flush(): Promise<void>;
}

export const ALREADY_DURABLE: DurabilityBarrier = { flush: async () => {} };

/** Storage health for GET /healthz. */
export interface HealthProbe {
  ping(): Promise<boolean>;
}

/** A unit (center, department, school) and the channel where its coordinators work. */
export interface Unit {
  id: string;
  name: string;
}

export interface UnitRegistration extends Unit {
  tenantId: string;
  channel: ChannelAddress;
  registeredBy: Person;
  registeredAt: string;
  /** Language of the channel's cards: that of whoever registered it. */
  locale: Locale;
}

/** The id of the central security group's and DPO's registration. */
export const CENTRAL_UNIT_ID = CENTRAL_UNIT;

export interface UnitDirectory {
  /** Registered units, not the central registration. */
  list(tenantId: string): Promise<Unit[]>;
  all(tenantId: string): Promise<UnitRegistration[]>;
  get(tenantId: string, unitId: string): Promise<UnitRegistration | null>;
  /** Inserts or replaces: a unit moves to the channel that registered it last. */
  save(registration: UnitRegistration): Promise<void>;
  /** false when it was not registered. */
  remove(tenantId: string, unitId: string): Promise<boolean>;
}

/** Live Teams membership, asked at the moment of an action, never copied (Gladsaxe). */
export interface Roster {
  /** Throws RosterUnavailableError when Teams cannot answer: never a guess either way. */
  isMember(teamId: string, person: Person): Promise<boolean>;
}

/**
 * Teams' roster API did not answer. Access is still refused (never granted on doubt), but the person
 * is told the lookup failed rather than "you are not a member", and the audit says so.
 */
export class RosterUnavailableError extends Error {
  constructor() {
    super('roster unavailable');
    this.name = 'RosterUnavailableError';
  }
}

/** A message to the reporter in their 1:1 chat. */
export type ReporterMessage =
  | { kind: 'acknowledged'; ownerName: string }
  | { kind: 'closed' }
  | { kind: 'linked'; toCaseNumber: string }
  /** The central group sent the case on to these units (their names). */
  | { kind: 'routed'; units: string }
  /** Their nearest manager could not be reached (issue 18): tell the manager yourself. Once per case. */
  | { kind: 'tellManager' };

/**
 * A send that failed. `ambiguous`: Teams may have accepted it (it answered 500/504, or the connection
 * broke after the request went out), so sending again may duplicate it. Otherwise Teams definitely did
 * not take it (429, 502, 503, connection refused) and it may be sent again freely. Errors of any other
 * type count as not sent.
 */
export class DeliveryError extends Error {
  constructor(
    readonly ambiguous: boolean,
    cause?: unknown,
    /** Not sent at all: this instance's share of Teams' rate limits had no room soon enough (pacing). */
    readonly deferred = false,
  ) {
    super(ambiguous ? 'Teams may have accepted the send' : 'Teams did not accept the send');
    this.name = 'DeliveryError';
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}

export const isAmbiguousFailure = (error: unknown): boolean => error instanceof DeliveryError && error.ambiguous;

/**
 * Teams, as the use cases see it: post the case card into a channel as a new thread, update it in
 * place, add a line to its thread, and write to the reporter. Implemented in src/teams. None of these
 * is retried here after an ambiguous failure: the use cases decide (they hold the claims).
 */
export interface CaseNotifier {
  postCaseCard(post: CasePost, breachCase: BreachCase): Promise<{ threadId: string; activityId: string }>;
  /** Updates the card in place for everyone, drawn from `breachCase`. Idempotent. */
  updateCaseCard(post: CasePost, breachCase: BreachCase): Promise<void>;
  /** One timeline entry as a line in the card's thread. */
  postThreadLine(post: CasePost, entry: TimelineEntry): Promise<void>;
  sendToReporter(breachCase: BreachCase, message: ReporterMessage): Promise<void>;
  /**
   * A reminder (or an escalation) in one of the case's channels, @mentioning the owner or the channel: in
   * the card's thread, or, when the card is not in that channel (it cannot get through), as a post of its
   * own, so a deadline is never kept silent. The use case decides which channels (deliverOutbox.ts).
   */
  remind(breachCase: BreachCase, post: CasePost, reminder: OutboxItem, now: Date): Promise<void>;
  /** Tells the central channel that the case's card cannot reach `post`'s channel (number, channel, deadline). */
  postFailing(central: UnitRegistration, breachCase: BreachCase, post: CasePost): Promise<void>;
  /** Live team roster of a channel's team (names and AAD ids). */
  teamMembers(channel: ChannelAddress): Promise<Person[]>;
  /** The access review card (or its reminder) in the central channel. */
  postAccessReview(central: UnitRegistration, review: { reviewId: string; units: AccessReviewUnit[]; reminder: boolean; dueSince: string }): Promise<void>;
  /**
   * Issue 18, the nearest manager. Opens (or finds) the 1:1 chat with a person: null when Teams refuses it
   * for good (403/404: the app is not installed for them, or no such person). Optional: a notifier
   * without it reaches nobody outside the directory.
   */
  openPersonalChat?(to: { tenantId: string; serviceUrl: string; botId: string; botName: string; aadObjectId: string; teamsUserId?: string }): Promise<ConversationAddress | null>;
  /**
   * A plain text in a person's 1:1 chat with the bot. 'refused': Teams refused it for good (403/404: the app
   * was uninstalled for the person, or the chat is gone); other failures are thrown and retried.
   */
  sendToPerson?(address: ConversationAddress, teamsUserId: string, text: string): Promise<'sent' | 'refused'>;
}

/** A case that needs the sweep's attention at `dueAt` (a reminder, a retry). */
export interface ScheduleEntry {
  key: string;
  tenantId: string;
  caseId: string;
  dueAt: string;
}

/**
 * The due-index: one row per case that has something ahead, keyed by when. The sweep reads only the
 * rows that are due, so its cost follows the number of due reminders, not the number of open cases.
 */
export interface ScheduleIndex {
  /** Entries with dueAt ≤ now, earliest first, at most `limit`. */
  due(now: Date, limit: number): Promise<ScheduleEntry[]>;
  /** Inserts (idempotent) and returns the entry's key. */
  put(tenantId: string, caseId: string, dueAt: Date): Promise<string>;
  /** The key put() would return, without writing. */
  keyFor(tenantId: string, caseId: string, dueAt: Date): string;
  /** Missing is fine. */
  remove(key: string): Promise<void>;
}

/** Where a tenant's periodic access review stands (Gladsaxe: access must be reviewed, not assumed). */
export interface AccessReviewState {
  tenantId: string;
  lastConfirmedAt?: string;
  lastConfirmedBy?: string;
  /** A review card that waits for confirmation. */
  pendingReviewId?: string;
  pendingSince?: string;
  /** When the pending review (or its reminder) was last posted; unset while a post is still owed. */
  postedAt?: string;
  remindedCount?: number;
  /** The due-index row that points at this review. */
  scheduleKey?: string;
}

export interface AccessReviewStore {
  get(tenantId: string): Promise<Versioned<AccessReviewState> | null>;
  /** Creates when etag is null (ConcurrencyError if it exists), else replaces under the ETag. */
  save(state: AccessReviewState, etag: string | null): Promise<void>;
}

/** Who can act on a unit's cases right now: the live members of its channel's team. */
export interface AccessReviewUnit {
  unitName: string;
  teamName: string;
  channelName: string;
  members: string[];
}

/** What the export reads: whole cases and audit rows, streamed (src/app/exportRegister.ts). */
export interface ExportSource {
  /** The tenant's cases reported in [from, to), any order. */
  casesReportedBetween(tenantId: string, from: Date, to: Date): AsyncIterable<BreachCase>;
  /** The tenant's audit rows with `at` in [from, to), any order. */
  auditBetween(tenantId: string, from: Date, to: Date): AsyncIterable<AuditEntry>;
}

/**
 * The export's file formats (src/export/tableFile.ts: exceljs and csv-stringify): cells in, bytes out.
 * XLSX: a sheet of rows, then a second sheet whose rows are asked for after the first is written.
 */
export interface ExportFileWriter {
  xlsx(
    first: ExportSheet,
    rows: AsyncIterable<ExportCell[]>,
    second: () => { spec: ExportSheet; rows: ExportCell[][] },
    /** Further sheets after the second (issue 18 part 4: «Systemer og leverandører»). */
    more?: () => { spec: ExportSheet; rows: ExportCell[][] }[],
  ): Promise<Buffer>;
  csv(spec: ExportSheet, rows: AsyncIterable<ExportCell[]>, locale: Locale): Promise<Buffer>;
}

export interface ExportSheet {
  name: string;
  columns: readonly { header: string; width: number }[];
}

export type ExportKind = 'register' | 'audit';
export type ExportState = 'offered' | 'uploading' | 'done' | 'declined';

/**
 * An export offered with a file consent card, kept until the person accepts or declines it. The card
 * carries only its id: what is exported, for whom and from which channel (the scope) is read back from
 * here, so a client cannot widen an export by editing the card's context.
 */
export interface ExportRequest {
  id: string;
  tenantId: string;
  kind: ExportKind;
  requester: Person;
  /** The channel asked from: its registration decides the scope, checked again on accept. */
  channel: ChannelAddress;
  locale: Locale;
  format: 'xlsx' | 'csv';
  /** register: the Copenhagen year of the reports; audit: the period [from, to). */
  year?: number;
  from?: string;
  to?: string;
  fileName: string;
  createdAt: string;
  state: ExportState;
  /** While uploading: the claim's end; an expired claim means the uploader died and it may be retried. */
  claimUntil?: string;
  rows?: number;
  finishedAt?: string;
}

export interface ExportRequests {
  create(request: ExportRequest): Promise<void>;
  get(tenantId: string, id: string): Promise<Versioned<ExportRequest> | null>;
  /** Replaces only if `etag` is still current, else ConcurrencyError. */
  update(request: ExportRequest, etag: string): Promise<Versioned<ExportRequest>>;
}

/**
 * The register's repeat query (issue 18 part 4): the cases reported in the Copenhagen years
 * `fromYear`..`toYear` whose system or supplier name key is one of `keys` (src/storage/tableRegisterIndex.ts).
 */
export interface RepeatFinder {
  /** `since` (ISO instant): the window's start; older rows are not wanted. The newest are kept when capped. */
  named(tenantId: string, fromYear: number, toYear: number, keys: { system: readonly string[]; supplier: readonly string[] }, since?: string): Promise<NamedRows>;
}

/** The spellings the central group merged, per tenant (src/storage/tableNameAliases.ts). */
export interface NameAliases {
  list(tenantId: string): Promise<NameAlias[]>;
  /** Inserts or replaces the merge of `alias.fromKey`. */
  save(tenantId: string, alias: NameAlias): Promise<void>;
  /** The merge removed, or null when that spelling was not merged. */
  remove(tenantId: string, kind: NameKind, fromKey: string): Promise<NameAlias | null>;
}
