import { CENTRAL_UNIT_ID } from '../../app/ports';
import { MUNICIPAL_RISKS, municipalRisksOf } from '../../domain/committee';
import { committeeTexts } from '../../i18n/committeeTexts';
import { committeeStatusLine } from './committeeStatus';
import { repeatFacts, REPEAT_NUMBERS_SHOWN } from './repeatFacts';
import type { BreachCase, CasePost, Locale } from '../../domain/case';
import { caseClock, duties, initialNotification, missingCloseSteps, workContext, type CaseWork } from '../../domain/caseWork';
import { estimateOf, formatCount, formatPersonCount, formatPersons } from '../../domain/personsEstimate';
import { formatCopenhagen, formatDuration, instantToCopenhagenParts } from '../../domain/copenhagenTime';
import { maskCpr } from '../../domain/cpr';
import { asPlainText } from './plainText';
import { clockStart, isLate, notificationDeadline, timeLeftMs } from '../../domain/deadline';
import { firstContact } from '../../domain/firstContacts';
import { fill, messages } from '../../i18n';
import { caseMessages } from '../../i18n/caseMessages';
import { choicesOf, choiceTitles, type Choice } from './choices';
import { formatScore, timelineText } from './timelineText';
import { managerOf, managerStatus } from '../../domain/nearestManager';
import { managerStatusText, managerTexts } from '../../i18n/managerTexts';
import { cutText, offerShorter } from '../cardBudget';
import { caseRecordTexts } from '../../i18n/caseRecordTexts';
import { WORK_LIMITS } from '../../domain/caseWork';
import { proposeAssessment, type Proposed } from '../../domain/caseWork/proposal';
import { parseEnisaInput, type EnisaInput } from '../../domain/enisa';
import { caseCardDuties } from './caseCardDuties';

export interface CaseCardInput {
  breachCase: BreachCase;
  /** The channel the card is drawn for (unit name, central note). */
  post?: CasePost;
  locale: Locale;
  now: Date;
  /**
   * A refused command, already localized (see domainErrorText): `text` for the box at the top (it names
   * the field by its label); `field` and `message` put the message under that input; `section` draws
   * that form open, so a failed save does not collapse it.
   */
  error?: CaseCardError;
  /** What the user submitted on the card (input id → value), so a rejected card keeps it. */
  values?: Record<string, string>;
  /** How short to draw it: an index into SHORTENING_STEPS (0, as drawn, unless the card was over budget). */
  step?: number;
  /** The answer to «Beregn forslag» (or a save without a decision): the assessment form open, saying what was preselected. */
  proposed?: boolean;
  /** Past the last shortening step: the supplier question's form left out too (see caseCardView). */
  withoutSupplierForm?: boolean;
  /** «Afslut hændelsen» was pressed: draw the card asking «Ja, afslut hændelsen» / «Fortryd». */
  confirmEndIncident?: boolean;
}

/** Every input on the card; each is prefilled from `values`, else from the stored work, else ''. */
export const CASE_CARD_INPUTS = [
  'risk',
  'dpcBase',
  'dpcAdjust',
  'ei',
  'confidentiality',
  'integrity',
  'availability',
  'malicious',
  'decision',
  'justification',
  'awareDate',
  'awareTime',
  'awareReason',
  'stopped',
  'stopHow',
  'notifiedDate',
  'notifiedTime',
  'reference',
  'kind',
  'followUpPending',
  'delayReason',
  'personsNotifiedDate',
  'personsNotifiedTime',
  'personsHow',
  'personsCount',
  'exemption',
  'exemptionExplanation',
  'sbsysJournalNo',
  'note',
  'linkTo',
  'incidentTitle',
  'handOverTo',
  'supplierAnswer',
  'supplierAnswerName',
  'supplierNoticeDate',
  'supplierNoticeTime',
  'lessonsLearned',
  'feedbackDone',
  'feedbackPrevention',
  'feedbackAuthority',
  'feedbackDpo',
  'feedbackPersons',
  'reopenReason',
  'closeReason',
  'municipalRisks',
] as const;
export type CaseCardInputId = (typeof CASE_CARD_INPUTS)[number];

/** The card's forms (body sections shown by the action buttons). */
export const CASE_SECTIONS = ['assess', 'times', 'authority', 'persons', 'more', 'close', 'reopen'] as const;
export type CaseSection = (typeof CASE_SECTIONS)[number];

export interface CaseCardError {
  text: string;
  section?: CaseSection;
  field?: CaseCardInputId;
  message?: string;
}

/** Which form a verb's button sits in. */
export const SECTION_OF_VERB: Record<string, CaseSection | undefined> = {
  assess: 'assess',
  setAware: 'times',
  setStopped: 'times',
  recordAuthorityNotification: 'authority',
  recordPersonsNotified: 'persons',
  recordPersonsExemption: 'persons',
  dpoInformed: 'more',
  journalize: 'more',
  addNote: 'more',
  link: 'more',
  declareIncident: 'more',
  handOver: 'more',
  answerSupplier: 'more',
  close: 'close',
  reopen: 'reopen',
};

/** A domain command's field (DomainError.field) → the card input that holds it, per verb. */
const INPUT_OF_FIELD: Record<string, Record<string, CaseCardInputId>> = {
  handOver: { to: 'handOverTo' },
  setAware: { at: 'awareDate', reason: 'awareReason' },
  setStopped: { stopped: 'stopped', stopHow: 'stopHow' },
  assess: { risk: 'risk', decision: 'decision', justification: 'justification' },
  recordAuthorityNotification: { kind: 'kind', at: 'notifiedDate', reference: 'reference', delayReason: 'delayReason' },
  recordPersonsNotified: { notifiedAt: 'personsNotifiedDate', how: 'personsHow', count: 'personsCount' },
  recordPersonsExemption: { exemption: 'exemption', explanation: 'exemptionExplanation' },
  journalize: { sbsysJournalNo: 'sbsysJournalNo' },
  addNote: { text: 'note' },
  link: { toCaseNumber: 'linkTo' },
  declareIncident: { title: 'incidentTitle' },
  answerSupplier: { involved: 'supplierAnswer', name: 'supplierAnswerName', notifiedAt: 'supplierNoticeDate' },
  close: {
    lessonsLearned: 'lessonsLearned',
    'feedback.done': 'feedbackDone',
    'feedback.prevention': 'feedbackPrevention',
    'feedback.authorityNotified': 'feedbackAuthority',
    'feedback.dpoInformed': 'feedbackDpo',
    'feedback.personsInformed': 'feedbackPersons',
    closeReason: 'closeReason',
  },
  reopen: { reason: 'reopenReason' },
};

/** The input a refused field sits in on the card: the card's own ids pass through, domain fields are mapped. */
export function cardInputOf(verb: string, field: string | undefined): CaseCardInputId | undefined {
  if (field === undefined) return undefined;
  if ((CASE_CARD_INPUTS as readonly string[]).includes(field)) return field as CaseCardInputId;
  return INPUT_OF_FIELD[verb]?.[field];
}

const DAY_MS = 24 * 3_600_000;

/**
 * How a case card is drawn shorter when it is over the card budget (src/teams/cardBudget.ts; issue 16,
 * finding 7). The card's fixed part (forms, labels, choices, buttons) weighs 29 KB for a new case and
 * about 34 KB once the close form is on it, of the 36 KB a card may weigh, so a case with long texts
 * must give way. Each step is tried in turn until the card fits (renderCard asks for the next through
 * offerShorter); step 0 is the card as it always was drawn, the last fits a case with every field at
 * its limit (test/cards/cardBudget.test.ts, test/e2e/cardBudget.test.ts).
 *
 * Decision: what a card leaves out is never lost, it is one press away. Whenever anything is left out
 * or cut, the card says so and offers «Vis hele sagen» (Action.Execute `case.show` with `part`), which
 * answers with the whole case (every fact in full, both descriptions, every note, the whole timeline,
 * every linked report, the feedback texts) as a read-only card of its own, split into parts that each
 * fit the budget (caseRecordView.ts), with «Forrige del», «Næste del» and «Tilbage til sagen». It shows
 * exactly the fields the card shows, to the people who may open the case (the same `case.show`).
 *
 * - `timeline`, `notes`: how many of the newest entries are shown.
 * - `text`: the longest a fact, a note or a timeline line may be before it is cut with "…".
 * - `description`: the same for the reporter's two descriptions.
 * - `listed`: names, units, linked case numbers and authority notifications listed.
 * - `prefill`: an input value (stored or typed) longer than this is left out, never cut (a form sent
 *   back with a cut text would store it cut): the form says so and the stored text is in the record.
 *   From step 1 a text longer than its input's maxLength is cut to it (the form cannot send more), and
 *   a choice, date or toggle value longer than any valid one is left out.
 * - `keepOpenForm`: the values of the form a rejected save came from are kept whatever `prefill` says
 *   (what the coordinator just typed), until the last steps.
 * - `accordion`: a form button closes the other forms (one form open at a time). That "close the rest"
 *   weighs about 3 KB, and a coordinator loses least when it goes first: the buttons still open and
 *   close their own form, and nothing of the case is cut.
 * - `light`: the one-line help texts and the placeholders give way before anything of the case is cut.
 * - `compact`: the card's own weight gives way too (the last steps, for a case at the forms' limits):
 *   the one-line help texts under the form headings and the inputs' placeholders are left out, choices
 *   carry their short titles, the incident panel names no reporters, the facts that are long texts of
 *   their own are left to the record, and a form that left out a stored text says so in a few words.
 */
export interface CardShortening {
  timeline: number;
  notes: number;
  text: number;
  description: number;
  listed: number;
  prefill: number;
  keepOpenForm: boolean;
  accordion: boolean;
  /**
   * The one-line help texts under the form headings and the inputs' placeholders give way (issue 18: the
   * manager, the committee's questions, the duty lines and the repeat counts made an ordinary case's card
   * about 1 KB too heavy for the steps before `compact`, which would leave the duty lines to the NIS2 card).
   */
  light?: boolean;
  compact: boolean;
}

const AS_DRAWN: CardShortening = {
  timeline: 5,
  notes: 3,
  text: Infinity,
  description: Infinity,
  listed: Infinity,
  prefill: Infinity,
  keepOpenForm: true,
  accordion: true,
  compact: false,
};

export const SHORTENING_STEPS: readonly CardShortening[] = [
  AS_DRAWN,
  { ...AS_DRAWN, accordion: false },
  { ...AS_DRAWN, accordion: false, light: true, text: 600, description: 1500, listed: 8 },
  { ...AS_DRAWN, accordion: false, light: true, text: 300, description: 800, listed: 6, prefill: 1000 },
  { ...AS_DRAWN, accordion: false, timeline: 3, notes: 1, text: 200, description: 400, listed: 4, prefill: 300, light: true },
  { timeline: 2, notes: 1, text: 120, description: 200, listed: 3, prefill: 120, keepOpenForm: false, accordion: false, compact: true },
  { timeline: 0, notes: 0, text: 40, description: 120, listed: 1, prefill: 100, keepOpenForm: false, accordion: false, compact: true },
];

/** Nothing left out: what the full record (caseRecordView.ts) is drawn from. */
export const UNSHORTENED: CardShortening = { ...AS_DRAWN, timeline: Infinity, notes: Infinity };

/** The form each input sits in. */
const SECTION_OF_INPUT: Record<CaseCardInputId, CaseSection> = {
  risk: 'assess',
  dpcBase: 'assess',
  dpcAdjust: 'assess',
  ei: 'assess',
  confidentiality: 'assess',
  integrity: 'assess',
  availability: 'assess',
  malicious: 'assess',
  decision: 'assess',
  justification: 'assess',
  awareDate: 'times',
  awareTime: 'times',
  awareReason: 'times',
  stopped: 'times',
  stopHow: 'times',
  notifiedDate: 'authority',
  notifiedTime: 'authority',
  reference: 'authority',
  kind: 'authority',
  followUpPending: 'authority',
  delayReason: 'authority',
  personsNotifiedDate: 'persons',
  personsNotifiedTime: 'persons',
  personsHow: 'persons',
  personsCount: 'persons',
  exemption: 'persons',
  exemptionExplanation: 'persons',
  sbsysJournalNo: 'more',
  note: 'more',
  linkTo: 'more',
  incidentTitle: 'more',
  handOverTo: 'more',
  supplierAnswer: 'more',
  supplierAnswerName: 'more',
  supplierNoticeDate: 'more',
  supplierNoticeTime: 'more',
  lessonsLearned: 'close',
  feedbackDone: 'close',
  feedbackPrevention: 'close',
  feedbackAuthority: 'close',
  feedbackDpo: 'close',
  feedbackPersons: 'close',
  closeReason: 'close',
  reopenReason: 'reopen',
  municipalRisks: 'assess',
};

/** The card's maxLength of each text input (cards/caseCard.json); choices, dates and toggles hold short values. */
const INPUT_MAX: Partial<Record<CaseCardInputId, number>> = {
  justification: WORK_LIMITS.justification,
  awareReason: WORK_LIMITS.reason,
  stopHow: WORK_LIMITS.stopHow,
  reference: WORK_LIMITS.reference,
  delayReason: WORK_LIMITS.delayReason,
  personsHow: WORK_LIMITS.how,
  personsCount: 9,
  exemptionExplanation: WORK_LIMITS.explanation,
  sbsysJournalNo: WORK_LIMITS.journalNo,
  note: WORK_LIMITS.note,
  linkTo: 20,
  incidentTitle: WORK_LIMITS.incidentTitle,
  handOverTo: 254,
  supplierAnswerName: WORK_LIMITS.supplierName,
  lessonsLearned: WORK_LIMITS.lessons,
  feedbackDone: WORK_LIMITS.feedback,
  feedbackPrevention: WORK_LIMITS.feedback,
  feedbackAuthority: WORK_LIMITS.feedback,
  feedbackDpo: WORK_LIMITS.feedback,
  feedbackPersons: WORK_LIMITS.feedback,
  closeReason: WORK_LIMITS.closeReason,
  reopenReason: WORK_LIMITS.reason,
  // The five codes of the risks to the municipality, comma-separated (issue 18, part 2).
  municipalRisks: 60,
};
/** No choice, date, time or toggle value is longer (a longer one matches no choice: left out on a shortened card). */
const SHORT_VALUE_MAX = 24;

/** Typed text as a card shows it: trimmed, masked, as text (never a link). */
export const clean = (s: string | null | undefined): string => (s ? asPlainText(maskCpr(s.trim())) : '');


/** What the stored work says an input should show (a sensible prefill), else ''. */
function storedValues(w: CaseWork): Partial<Record<CaseCardInputId, string>> {
  const a = w.assessment;
  const e = a?.enisaInput;
  const aware = w.awareAt ? instantToCopenhagenParts(new Date(w.awareAt)) : null;
  const p = w.persons;
  const notified = p && 'notifiedAt' in p ? p : null;
  const exempted = p && 'exemption' in p ? p : null;
  const notifiedParts = notified ? instantToCopenhagenParts(new Date(notified.notifiedAt)) : null;
  return {
    risk: a?.risk,
    dpcBase: e ? String(e.dpcBase) : undefined,
    dpcAdjust: e ? String(e.dpcAdjust) : undefined,
    ei: e ? String(e.ei) : undefined,
    confidentiality: e ? String(e.confidentiality) : undefined,
    integrity: e ? String(e.integrity) : undefined,
    availability: e ? String(e.availability) : undefined,
    malicious: e ? String(e.malicious) : 'false',
    decision: a?.decision,
    justification: a?.justification,
    awareDate: aware?.date,
    awareTime: aware?.time,
    awareReason: w.awareReason ?? undefined,
    stopped: w.stopped,
    stopHow: w.stopHow ?? undefined,
    kind: initialNotification(w) ? 'follow_up' : 'initial',
    followUpPending: 'false',
    personsNotifiedDate: notifiedParts?.date,
    personsNotifiedTime: notifiedParts?.time,
    personsHow: notified?.how,
    personsCount: notified ? String(notified.count) : undefined,
    exemption: exempted?.exemption,
    exemptionExplanation: exempted?.explanation,
    sbsysJournalNo: w.sbsysJournalNo ?? undefined,
    linkTo: w.linkedTo ?? undefined,
    incidentTitle: w.incident && w.incident.endedAt === null ? w.incident.title : undefined,
    lessonsLearned: w.lessonsLearned ?? undefined,
    feedbackDone: w.feedback?.done,
    feedbackPrevention: w.feedback?.prevention,
    feedbackAuthority: w.feedback?.authorityNotified,
    feedbackDpo: w.feedback?.dpoInformed,
    feedbackPersons: w.feedback?.personsInformed,
    municipalRisks: municipalRisksOf(w).join(','),
  };
}

/**
 * The case card in a coordinators' channel. Pure: the caller passes `now` (for the
 * countdown) and, after a refused command, the localized error and the submitted values.
 */
export function caseCardView(input: CaseCardInput): ReturnType<typeof drawCaseCard> {
  const step = Math.min(Math.max(input.step ?? 0, 0), SHORTENING_STEPS.length - 1);
  const view = drawCaseCard(input, SHORTENING_STEPS[step]);
  // Beyond the last step, the form that answers an unanswered supplier question (about 2 KB) gives way
  // (issue 17, finding 2): the fact still says «Ikke besvaret», and a card with less on it asks again.
  const shorter =
    step + 1 < SHORTENING_STEPS.length
      ? () => caseCardView({ ...input, step: step + 1 })
      : view.supplierAsk
        ? () => drawCaseCard({ ...input, withoutSupplierForm: true }, SHORTENING_STEPS[step])
        : undefined;
  return offerShorter(view, shorter);
}

/** The card's view model drawn with `s` (`record.shown`: something of the case was left out or cut). */
export function drawCaseCard(input: CaseCardInput, s: CardShortening) {
  const { breachCase: c, post, locale, now } = input;
  const r = c.report;
  const w = c.work;
  const m = messages(locale);
  const cm = caseMessages(locale);
  const t = cm.card;
  const rt = caseRecordTexts(locale);
  // Set whenever the card leaves out or cuts anything of the case: then it offers «Vis hele sagen».
  let partial = false;
  const cut = (text: string, max: number): string => {
    const shown = cutText(text, max);
    if (shown !== text) partial = true;
    return shown;
  };
  const newest = <T>(items: readonly T[], n: number): T[] => {
    if (items.length > n) partial = true;
    return n <= 0 ? [] : items.slice(-n);
  };
  const when = (iso: string | null | undefined): string => {
    if (!iso) return '';
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? '' : formatCopenhagen(d, locale);
  };

  // The deadline, or what settled the authority duty.
  const clock = caseClock({ ...c, work: w });
  const deadline = notificationDeadline(clock);
  const left = timeLeftMs(clock, now);
  const basis = clockStart(clock).basis;
  const initial = initialNotification(w);
  const d = duties(w, c.status, workContext(c), now);
  const extra: { text: string }[] = [];
  let deadlineText: string;
  let basisText = '';
  let style: 'attention' | 'emphasis' | 'good';
  let overdue = false;
  // A linked case has no countdown of its own (the case it is linked to carries the duty, issue 10);
  // what it recorded itself (a notification, a decision) is still shown.
  let countdown = false;
  if (initial) {
    const late = isLate(new Date(initial.at), clock);
    deadlineText = fill(late ? t.authorityDoneLate : t.authorityDone, {
      at: when(initial.at),
      reference: initial.reference,
      deadline: formatCopenhagen(deadline, locale),
    });
    style = 'good';
  } else if (w.assessment?.decision === 'do_not_notify') {
    deadlineText = fill(t.authorityNotNotified, { at: when(w.assessment.decidedAt), by: w.assessment.decidedBy });
    style = 'good';
  } else {
    // Passed and still due: said in red until the notification (or a decision not to notify) is recorded.
    overdue = left < 0;
    countdown = true;
    deadlineText = fill(overdue ? t.overdue : t.deadline, { deadline: formatCopenhagen(deadline, locale), left: formatDuration(left, locale) });
    basisText = t.basis[basis];
    style = left < DAY_MS ? 'attention' : 'emphasis';
  }
  if (d.followUpPending) {
    extra.push({ text: t.followUpPending });
    if (style === 'good') style = 'emphasis';
  }
  if (d.personsDue) {
    extra.push({ text: t.personsDue });
    style = 'attention';
  }
  // The information-security committee's part (issue 18, part 2): asked, missing, or its decision.
  const committeeLine = committeeStatusLine(c, locale, when);
  if (committeeLine) extra.push({ text: asPlainText(committeeLine) });

  const isClosed = c.status === 'closed';
  // The central group sent the case on (issue 17): its central copy says where, not why it came to central.
  const lastRouted = [...w.timeline].reverse().find((e) => e.event === 'routed');
  const routedTo = lastRouted && lastRouted.event === 'routed' ? lastRouted.units.join(', ') : null;
  const contact = firstContact(r);
  const showStop = !isClosed && w.stopped !== 'yes';

  // Facts; empty values are left out.
  const f = t.facts;
  const v = t.values;
  const a = w.assessment;
  const dataKinds = r.dataKinds
    .map((k) => (k === 'other' && r.dataKindsOther.trim() !== '' ? `${m.choices.dataKinds.other}: ${clean(r.dataKindsOther)}` : m.choices.dataKinds[k]))
    .join(', ');
  // An unanswered question says so, never «Nej» (issue 17, finding 2); the form under «Mere» answers it.
  // Left out only past the last shortening step (caseCardView): then the fact does not point to it.
  const supplierAsk = !isClosed && r.supplierInvolved === 'unanswered' && input.withoutSupplierForm !== true;
  const supplier =
    r.supplierInvolved === 'yes'
      ? fill(r.supplierNotifiedAt ? v.supplier : v.supplierNoTime, {
          name: clean(r.supplierName) || '–',
          at: when(r.supplierNotifiedAt),
        })
      : r.supplierInvolved === 'no'
        ? v.supplierNo
        : supplierAsk
          ? v.supplierUnanswered
          : v.supplierUnansweredShort;
  const facts: { title: string; value: string }[] = [
    { title: f.units, value: post && post.unitId !== CENTRAL_UNIT_ID ? post.unitName : unitNames(c) },
    { title: f.status, value: t.status[c.status] },
    { title: f.owner, value: w.owner?.name ?? v.ownerNone },
    {
      title: f.reporter,
      value: [r.reporterName, r.reporterPhone, r.reporterEmail, [r.reporterTitle, r.reporterDepartment, r.reporterCenter].filter((s) => s.trim() !== '').join(', ')]
        .map((s) => s.trim())
        .filter(Boolean)
        .join(' · '),
    },
    // The nearest manager (issue 18): told, being told, or could not be told (the reporter was asked to).
    managerFact(c, locale),
    { title: f.reportedAt, value: when(c.reportedAt) },
    { title: f.breachTypes, value: choiceTitles(t.breachTypes, r.breachTypes) },
    { title: f.example, value: r.breachExample ? m.choices.breachExample[r.breachExample] : '' },
    { title: f.dataKinds, value: dataKinds },
    { title: f.personsAffected, value: formatPersons(estimateOf(r), locale) },
    { title: f.discovered, value: when(r.discoveredAt) },
    { title: f.aware, value: w.awareAt ? fill(v.aware, { at: when(w.awareAt), reason: clean(w.awareReason) }).replace(/ – $/, '') : '' },
    // The reporter's statement and the coordinator's confirmation side by side: "Stoppet: Ukendt" beside
    // the reporter's "Nej, det er stoppet" read as a contradiction.
    {
      title: f.stopped,
      value: [
        fill(v.stoppedBoth, { reporter: t.reporterStopped[r.ongoing] ?? '–', coordinator: t.coordinatorStopped[w.stopped] }),
        clean(w.stopHow),
      ]
        .filter(Boolean)
        .join(' – '),
    },
    { title: f.supplier, value: supplier },
    { title: f.system, value: clean(r.system) },
    // How often the same system and supplier had a breach in the last 12 months (issue 18 part 4); shorter
    // on a compact card, and left out at the last shortening step (listing one), where every byte counts.
    ...(s.listed > 1 ? repeatFacts(c, post, locale, Math.min(REPEAT_NUMBERS_SHOWN, s.listed), s.compact) : []),
    { title: f.risk, value: a ? t.risk[a.risk] : '' },
    {
      title: f.enisa,
      value: a?.enisaResult
        ? fill(v.enisa, {
            score: formatScore(a.enisaResult.score, locale),
            band: t.band[a.enisaResult.band],
            proposal: t.proposal[a.enisaResult.proposal],
          })
        : '',
    },
    { title: f.decision, value: a ? fill(v.decision, { decision: t.decision[a.decision], by: a.decidedBy, at: when(a.decidedAt) }) : '' },
    { title: f.justification, value: clean(a?.justification) },
    ...newest(w.authorityNotifications, s.listed).map((n) => ({
      title: fill(f.authority, { kind: t.kind[n.kind] }),
      value: [
        fill(v.authority, { at: when(n.at), reference: n.reference }),
        n.followUpPending ? v.authorityFollowUp : '',
        n.delayReason ? fill(v.authorityDelay, { reason: clean(n.delayReason) }) : '',
      ]
        .filter(Boolean)
        .join(' · '),
    })),
    { title: f.persons, value: personsText(w, t, when, locale) },
    { title: f.dpo, value: when(w.dpoInformedAt) },
    { title: f.journal, value: w.sbsysJournalNo ?? '' },
    { title: f.linkedTo, value: w.linkedTo ?? '' },
    { title: f.linkedFrom, value: linkedNumbers(c, Math.min(LINKED_NUMBERS_SHOWN, s.listed), () => (partial = true)) },
    { title: f.closed, value: isClosed ? when(w.closedAt) : '' },
    {
      title: f.closedAnyway,
      value:
        isClosed && w.closedAnyway
          ? fill(v.closedAnyway, { steps: w.closedAnyway.steps.map((s) => t.close.steps[s]).join('; '), reason: clean(w.closedAnyway.reason) })
          : '',
    },
    { title: f.lessons, value: clean(w.lessonsLearned) },
  ].filter((fact) => fact.value.trim() !== '');

  // Inputs: what was submitted, else what is stored, else ''. On a shortened card a value over its
  // input's limit is cut to it, and a long one is left out whole (never cut), the form saying so.
  const err = input.error;
  const stored = storedValues(w);
  const values: Record<string, string> = {};
  const dropped: Record<CaseSection, string> = Object.fromEntries(CASE_SECTIONS.map((section) => [section, ''])) as Record<CaseSection, string>;
  const shortened = s !== AS_DRAWN && s !== UNSHORTENED;
  // The form the coordinator just typed in: a rejected save's, or the assessment asked for a proposal.
  const typedSection = err?.section ?? (input.proposed ? 'assess' : undefined);
  for (const id of CASE_CARD_INPUTS) {
    const submitted = input.values?.[id];
    let value = typeof submitted === 'string' ? submitted : (stored[id] ?? '');
    const max = INPUT_MAX[id];
    if (shortened && max === undefined && value.length > SHORT_VALUE_MAX) value = '';
    else if (shortened && max !== undefined && value.length > max) value = value.slice(0, max);
    const section = SECTION_OF_INPUT[id];
    if (value.length > s.prefill && !(s.keepOpenForm && typedSection === section)) {
      value = '';
      dropped[section] = s.compact ? rt.droppedShort : rt.dropped;
      partial = true;
    }
    values[id] = value;
  }
  // Only the risks' codes go back on the card (a hostile value is no choice of it).
  values.municipalRisks = values.municipalRisks.split(',').filter((r) => (MUNICIPAL_RISKS as readonly string[]).includes(r)).join(',');

  // Each error under its input; the form that was saved is drawn open, with the values kept.
  const e: Record<string, string> = {};
  for (const id of CASE_CARD_INPUTS) e[id] = err?.field === id ? (err.message ?? err.text) : '';
  const open: Record<CaseSection, boolean> = Object.fromEntries(CASE_SECTIONS.map((s) => [s, err?.section === s])) as Record<CaseSection, boolean>;
  const sectionError: Record<CaseSection, string> = Object.fromEntries(
    CASE_SECTIONS.map((s) => [s, err?.section === s && err.field === undefined ? err.text : '']),
  ) as Record<CaseSection, string>;
  const steps = isClosed ? [] : missingCloseSteps(w);
  const closeSteps = steps.length > 0 ? fill(t.close.stepsIntro, { steps: steps.map((s) => t.close.steps[s]).join('; ') }) : '';

  const enisa = a?.enisaResult;
  const as = t.assess;
  const proposal = proposalOf(values, a?.enisaInput, input.proposed === true);
  if (input.proposed) open.assess = true;
  // A compact card leaves out the facts that are long texts of their own (they are in the record).
  const longFacts = s.compact ? [f.justification, f.lessons, f.closedAnyway] : [];
  const shownFacts = facts
    .filter((fact) => {
      if (!longFacts.includes(fact.title)) return true;
      partial = true;
      return false;
    })
    .map((fact) => ({ ...fact, value: asPlainText(cut(fact.value, s.text)) }));
  const whatHappened = asPlainText(cut(clean(r.whatHappened), s.description));
  const howHappened = asPlainText(cut(clean(r.howHappened), s.description));
  const notes = newest(w.notes, s.notes).map((n) => ({ text: asPlainText(cut(`${when(n.at)} · ${n.by}: ${clean(n.text)}`, s.text)) }));
  const timeline = newest(w.timeline, s.timeline).map((e) => ({ text: asPlainText(cut(timelineText(e, locale, { withDate: true }), Math.max(s.text, 120))) }));
  const incident = { ...incidentPanel(c, t, when, locale, s, cut, () => (partial = true)), confirmOpen: input.confirmEndIncident === true };
  const errorText = s.compact ? cut(input.error?.text ?? '', 300) : (input.error?.text ?? '');
  // A compact card's choices: the short title (the part before a parenthesis; the exemptions' short names).
  const brief = (choices: Choice[]): Choice[] => (s.compact ? choices.map((ch) => ({ ...ch, title: ch.title.replace(/\s*\(.*\)$/, '') })) : choices);
  return {
    e,
    open,
    sectionError,
    closeSteps,
    /** How many timeline entries the card was drawn from: an action from an older card can tell it is out of date. */
    rev: String(w.timeline.length),
    t,
    caseId: c.id,
    title: `${c.number} · ${t.titleSuffix}`,
    isNew: c.status === 'new',
    isOpen: !isClosed,
    isClosed,
    /** A new case has no assessment, so closing would be refused: the button waits (and keeps the card at ≤ 6 actions). */
    canClose: c.status === 'acknowledged',
    hasError: input.error !== undefined && input.error.text.trim() !== '',
    errorText,
    // A report linked to another case: said at the top; its own deadline is not shown (that case has it).
    isLinked: w.linkedTo !== null,
    linkedText: w.linkedTo !== null ? fill(t.incident.linked, { number: w.linkedTo }) : '',
    canDeclare: !isClosed && w.linkedTo === null,
    // The supplier question the reporter left open (issue 17, finding 2): asked under «Mere» until answered.
    // The supplier question the reporter left open (issue 17, finding 2): asked under «Mere» until answered.
    supplierAsk,
    incident,
    viaCentral: post?.viaCentral === true,
    // The central group sends the case on from its own copy of the card (issue 17): opens the route card.
    canRoute: post?.viaCentral === true && !isClosed,
    viaCentralText: !post?.viaCentral
      ? ''
      : post.unitId === CENTRAL_UNIT_ID
        ? routedTo !== null
          ? fill(t.routedFromCentral, { units: asPlainText(routedTo) })
          : c.report.unitIds.length > 0 && !c.report.unitIds.includes(CENTRAL_UNIT_ID)
            ? t.escalated
            : t.viaCentralNoUnit
        : fill(t.viaCentral, { unit: asPlainText(post.unitName) }),
    deadline: { shown: !(countdown && w.linkedTo !== null), style, text: deadlineText, color: overdue ? 'attention' : 'default', basis: basisText, hasBasis: basisText !== '', extra },
    // Every other duty of the duty table (issue 18, part 3: Art. 34, the NIS2 reports) under the Art. 33 box, and «NIS2 …».
    duties: caseCardDuties(c, locale, now, s.compact, s === SHORTENING_STEPS[SHORTENING_STEPS.length - 1]),
    showStop,
    stopText: contact ? t.firstContact[contact] : t.firstContactNone,
    // Every fact can hold typed text (the reporter's own fields, unit and owner names): shown as text.
    facts: shownFacts,
    whatHappened,
    howHappened,
    hasHow: howHappened !== '',
    notes,
    hasNotes: w.notes.length > 0,
    notesMore: w.notes.length > notes.length ? fill(rt.notesMore, { count: formatCount(w.notes.length - notes.length, locale) }) : '',
    timeline,
    hasTimeline: w.timeline.length > 0,
    timelineMore: w.timeline.length > timeline.length ? fill(rt.timelineMore, { count: formatCount(w.timeline.length - timeline.length, locale) }) : '',
    /** «Vis hele sagen»: offered whenever the card leaves out or cuts anything of the case. */
    record: { shown: partial, text: s.compact ? rt.shortenedShort : rt.shortened, show: rt.show },
    dropped,
    /** The inputs' placeholders (examples of the format); not on a compact card. */
    ph: s.compact || s.light
      ? { choose: '', date: '', time: '', handOverTo: '', incidentTitle: '', linkTo: '', journalNo: '' }
      : {
          choose: t.choose,
          date: t.datePlaceholder,
          time: t.timePlaceholder,
          handOverTo: t.more.handOverToPlaceholder,
          incidentTitle: t.more.incidentTitlePlaceholder,
          linkTo: t.more.linkToPlaceholder,
          journalNo: t.more.journalNoPlaceholder,
        },
    /** The form buttons close the other forms (one open at a time), unless the card had to shorten. */
    accordion: s.accordion,
    /** The one-line help under the form headings; not on a compact card. */
    helps: !s.compact && !s.light,
    hasEnisa: enisa !== undefined,
    /** The proposal from the ENISA inputs on the form, before (or instead of) the stored one; nothing is saved by it. */
    proposal: proposal
      ? {
          shown: true,
          text: fill(as.proposal, {
            band: t.band[proposal.result.band],
            score: formatScore(proposal.result.score, locale),
            risk: t.risk[proposal.proposal.risk],
            proposal: t.proposal[proposal.result.proposal],
          }),
          note: input.proposed ? as.proposalNote : '',
        }
      : { shown: false, text: '', note: '' },
    enisaStored: enisa
      ? fill(as.stored, { score: formatScore(enisa.score, locale), band: t.band[enisa.band], proposal: t.proposal[enisa.proposal] })
      : '',
    v: values,
    choices: {
      risk: choicesOf(t.risk),
      decision: choicesOf(t.decision),
      // Object.entries would put integer-like keys ('0', '1') before '-1' and '0.25'.
      dpcBase: brief(ordered(as.dpcBaseChoices, ['1', '2', '3', '4'])),
      dpcAdjust: brief(ordered(as.dpcAdjustChoices, ['-1', '0', '1'])),
      ei: brief(ordered(as.eiChoices, ['0.25', '0.5', '0.75', '1'])),
      confidentiality: brief(ordered(as.confidentialityChoices, ['0', '0.25', '0.5'])),
      integrity: brief(ordered(as.integrityChoices, ['0', '0.25', '0.5'])),
      availability: brief(ordered(as.availabilityChoices, ['0', '0.25', '0.5'])),
      stopped: choicesOf(t.stopped),
      kind: choicesOf(t.kind),
      exemption: s.compact ? choicesOf(t.exemptionShort) : choicesOf(t.exemption),
      supplierAnswer: choicesOf(t.more.supplierChoices),
      municipalRisks: MUNICIPAL_RISKS.map((r) => ({ value: r, title: committeeTexts(locale).risksChoice[r] })),
    },
    // A compact card (a case at the forms' limits, issue 16 finding 7) leaves the risks question out; its
    // assessment then keeps the stored answers (caseCommandFromCard: the input is absent, not empty).
    committee: { asked: !s.compact, label: committeeTexts(locale).assess.label },
  };
}

const LINKED_NUMBERS_SHOWN = 10;
const LINKED_NAMES_SHOWN = 12;

function linkedNumbers(c: BreachCase, shown: number, leftOut: () => void): string {
  const numbers = c.linkedFrom.map((l) => l.number);
  if (numbers.length <= shown) return numbers.join(', ');
  leftOut();
  return `${numbers.slice(-shown).join(', ')} …`;
}

/**
 * A known incident, or a case other reports are linked to: how many, from which units and from whom
 * (the newest first). Only the case's coordinators see the card, so names are theirs to see (BRIEF).
 */
function incidentPanel(
  c: BreachCase,
  t: ReturnType<typeof caseMessages>['card'],
  when: (iso: string | null | undefined) => string,
  locale: Locale,
  s: CardShortening,
  cut: (text: string, max: number) => string,
  leftOut: () => void,
) {
  const i = c.work.incident;
  const linked = c.linkedFrom;
  const shown = i !== null || linked.length > 0;
  const p = t.incident;
  const heading = i === null ? p.linkedHeading : fill(i.endedAt === null ? p.heading : p.headingEnded, { title: i.title, at: when(i.endedAt) });
  const count = linked.length === 0 ? p.countNone : linked.length === 1 ? p.countOne : fill(p.count, { count: formatCount(linked.length, locale) });
  const perUnit = new Map<string, { name: string; n: number }>();
  for (const l of linked) for (const u of l.units) perUnit.set(u.id, { name: u.name, n: (perUnit.get(u.id)?.n ?? 0) + 1 });
  const allUnits = [...perUnit.values()].sort((a, b) => b.n - a.n);
  const units = allUnits.slice(0, s.listed).map((u) => fill(p.perUnit, { unit: cut(clean(u.name), s.text), count: formatCount(u.n, locale) }));
  if (allUnits.length > units.length) {
    leftOut();
    units.push(fill(p.more, { count: formatCount(allUnits.length - units.length, locale) }));
  }
  const named = linked.filter((l) => l.reporterName.trim() !== '');
  const newest = named.slice(-Math.min(LINKED_NAMES_SHOWN, s.listed)).reverse();
  if (named.length > newest.length || (s.compact && named.length > 0)) leftOut();
  const rest = linked.length - newest.length;
  const who = newest.length === 0 || s.compact ? '' : fill(p.who, { names: newest.map((l) => cut(clean(l.reporterName), s.text)).join(', ') }) + (rest > 0 ? ` ${fill(p.more, { count: formatCount(rest, locale) })}` : '');
  return {
    shown,
    active: i !== null && i.endedAt === null && c.status !== 'closed',
    heading: asPlainText(heading),
    asked: i !== null && i.endedAt === null && !s.compact ? p.asked : '',
    count: [count, ...units].join(' · '),
    who: asPlainText(who),
    hasWho: who !== '',
  };
}

/** The units the reporter chose, by the names their channels were registered with (ids only where no post says). */
function unitNames(c: BreachCase): string {
  const names = new Map(c.posts.map((p) => [p.unitId, p.unitName]));
  return c.report.unitIds
    .filter((u) => u !== CENTRAL_UNIT_ID)
    .map((u) => names.get(u) ?? u)
    .join(', ');
}

/**
 * The proposal for the ENISA inputs the form is drawn with (typed, else stored), or null when they are
 * not all given. A card drawn from the stored assessment already says it («Gemt ENISA-vurdering»), so
 * the proposal is drawn only for inputs that differ from it, or when it was asked for.
 */
function proposalOf(values: Record<string, string>, stored: EnisaInput | undefined, asked: boolean): Proposed | null {
  const parsed = parseEnisaInput({ ...values, malicious: values.malicious || 'false' });
  if ('errors' in parsed) return null;
  const same = stored !== undefined && (Object.keys(parsed) as (keyof EnisaInput)[]).every((k) => parsed[k] === stored[k]);
  return same && !asked ? null : proposeAssessment(parsed);
}

function ordered<K extends string>(map: Record<K, string>, keys: readonly K[]): Choice[] {
  return keys.map((value) => ({ value, title: map[value] }));
}

function personsText(w: CaseWork, t: ReturnType<typeof caseMessages>['card'], when: (iso: string) => string, locale: Locale): string {
  const p = w.persons;
  if (p && 'notifiedAt' in p) return fill(t.values.personsNotified, { at: when(p.notifiedAt), how: clean(p.how), count: formatPersonCount(p.count, locale) });
  if (p && 'exemption' in p) {
    return fill(t.values.personsExempted, { exemption: t.exemptionShort[p.exemption], explanation: clean(p.explanation) });
  }
  return '';
}

/** The card's line on the reporter's nearest manager (issue 18): its status, and the mail when one was typed. */
function managerFact(c: BreachCase, locale: Locale): { title: string; value: string } {
  const t = managerTexts(locale).card;
  const ref = managerOf(c);
  const status = managerStatusText(managerStatus(c), locale, 'card');
  return { title: t.label, value: ref?.email ? `${status} (${ref.email})` : status };
}
