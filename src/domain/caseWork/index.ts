/**
 * The coordinator's record on a case (Ishøj, "Behandling og anmeldelse") and the
 * commands that change it. Pure: no I/O, time is always passed in, and every
 * refusal is a typed error code the caller localizes.
 *
 * Decisions callers must know:
 * - Implicit ownership: any successful command on a case without an owner makes
 *   the actor its owner, and a `new` case becomes `acknowledged` (an urgent
 *   coordinator may record things before formally taking the case). So status
 *   `new` ⇔ no owner. `handOver` on an unowned case assigns it straight to `to`.
 * - Who may act is decided by the caller (live Teams membership); a coordinator
 *   who is not the owner may still record things and hand over. Only
 *   `acknowledge` refuses when someone else owns the case ('already_owned', with
 *   the owner, so the caller can tell who took it). Acknowledging a case you
 *   already own is a no-op success with no events and no timeline entry
 *   (double clicks, several bot instances).
 * - A closed case refuses every command except `reopen` ('case_closed').
 * - Free text (reasons, notes, justifications, lessons, feedback) is trimmed and
 *   masked with maskCpr before it is stored. Timeline entries are structured
 *   facts (TimelineFacts): codes, instants and references; the only free text in
 *   them is the masked reason of a reopen or of a close with steps missing.
 * - The status is never an input: statusOf(work) derives it (closedAt → closed,
 *   an owner → acknowledged, else new), and CommandOk.status is that of the new work.
 * - Instants in commands are ISO 8601 with an explicit zone (card inputs are
 *   converted with copenhagenLocalToInstant first); they are stored as UTC ISO.
 *   Every instant a case records follows the timeline rule in timeline.ts: not
 *   before the breach was discovered (a processor's breach: before the processor
 *   told us), at most 5 minutes in the future (clock drift), and in the order the
 *   law implies; a refusal is 'timeline_conflict' with the instant it conflicts with.
 * - `assess` refuses decision 'do_not_notify' when risk is 'risk' or 'high'
 *   (Art. 33(1)): 'risk_requires_notification'. Risk 'none' with 'notify'
 *   (a cautious notification) is allowed.
 * - Only the initial authority notification is checked for lateness (follow-ups
 *   after 72 hours are the normal phased notification, Art. 33(4)). `setAware`
 *   refuses a new awareAt that would make an already recorded initial
 *   notification late without a delay reason.
 * - `close` also refuses when risk is high and persons were neither notified nor
 *   exempted ('persons_notification_missing') and when the latest authority
 *   notification promised a follow-up ('follow_up_pending'). Of the feedback,
 *   `done` and `prevention` are required; `authorityNotified`, `dpoInformed` and
 *   `personsInformed` are optional comments, because the yes/no and the date are
 *   taken from the record (see reporterFeedback) and so cannot contradict it.
 */
export * from './model';
export * from './commands';
export * from './duties';
export * from './nis2';
export * from './nis2Commands';
