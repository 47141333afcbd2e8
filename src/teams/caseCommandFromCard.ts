import type { Person } from '../domain/case';
import type { CaseCommand, DomainErrorCode, RouteTarget } from '../domain/caseWork';
import { copenhagenLocalToInstant } from '../domain/copenhagenTime';
import { parseEnisaInput, type EnisaInput } from '../domain/enisa';
import { EMPTY_TEXT, type MaskedText } from '../domain/maskedText';
import type { CardData } from './inputGate';

export type ParsedCommand = { ok: true; command: CaseCommand } | { ok: false; error: DomainErrorCode; field: string };

/** Card values come from the input gate: trimmed, masked text, '' when missing. */
const str = (data: CardData, key: string): MaskedText => data[key] ?? EMPTY_TEXT;

/**
 * Card date + time (Copenhagen wall clock) → ISO instant, or the field to fix. An empty time is an
 * error of its own (it used to become 00:00 without a word, hours off the truth the deadline rests on).
 */
function instant(data: CardData, dateKey: string, timeKey: string): { at: string } | { ok: false; error: DomainErrorCode; field: string } {
  const date = str(data, dateKey);
  const time = str(data, timeKey).slice(0, 5);
  if (!date) return { ok: false, error: 'required', field: dateKey };
  if (!time) return { ok: false, error: 'required', field: timeKey };
  const at = copenhagenLocalToInstant(date, time);
  return at ? { at: at.toISOString() } : { ok: false, error: 'invalid_instant', field: dateKey };
}

const ENISA_FIELDS = ['dpcBase', 'dpcAdjust', 'ei', 'confidentiality', 'integrity', 'availability'];

/**
 * The assessment form's ENISA inputs: none given (the score is optional), all given, or the first one
 * missing or wrong. An unset toggle is "not malicious".
 */
export function enisaFromCard(data: CardData): { kind: 'none' } | { kind: 'input'; input: EnisaInput } | { kind: 'error'; field: string } {
  if (!ENISA_FIELDS.some((f) => str(data, f) !== '')) return { kind: 'none' };
  const parsed = parseEnisaInput({ ...data, malicious: str(data, 'malicious') || 'false' });
  if ('errors' in parsed) return { kind: 'error', field: parsed.errors[0]?.split(':')[0] ?? 'dpcBase' };
  return { kind: 'input', input: parsed };
}

/**
 * Card inputs (all strings) → a domain command. Only shape is checked here (dates, numbers);
 * the rules (required, lengths, what is allowed when) are the domain's.
 */
export function caseCommandFromCard(verb: string, data: CardData, handOverTo?: Person, routeTargets?: RouteTarget[]): ParsedCommand {
  const ok = (command: CaseCommand): ParsedCommand => ({ ok: true, command });
  switch (verb) {
    case 'acknowledge':
      return ok({ type: 'acknowledge' });
    case 'handOver':
      if (!handOverTo) return { ok: false, error: 'required', field: 'handOverTo' };
      return ok({ type: 'handOver', to: handOverTo });
    case 'setAware': {
      const at = instant(data, 'awareDate', 'awareTime');
      if (!('at' in at)) return at;
      return ok({ type: 'setAware', at: at.at, reason: str(data, 'awareReason') });
    }
    case 'setStopped':
      return ok({ type: 'setStopped', stopped: str(data, 'stopped') as never, stopHow: str(data, 'stopHow') || undefined });
    case 'assess': {
      const enisa = enisaFromCard(data);
      if (enisa.kind === 'error') return { ok: false, error: 'invalid_choice', field: enisa.field };
      return ok({
        type: 'assess',
        risk: str(data, 'risk') as never,
        decision: str(data, 'decision') as never,
        justification: str(data, 'justification'),
        enisa: enisa.kind === 'input' ? enisa.input : undefined,
        // The multi-select's codes, comma-separated; none ticked is five «nej» (issue 18, part 2). A card
        // drawn without the question (a compact card) does not send it: the stored answers stay.
        municipalRisks: data.municipalRisks === undefined ? undefined : (str(data, 'municipalRisks').split(',').map((r) => r.trim()).filter((r) => r !== '') as never),
      });
    }
    case 'recordAuthorityNotification': {
      const at = instant(data, 'notifiedDate', 'notifiedTime');
      if (!('at' in at)) return at;
      return ok({
        type: 'recordAuthorityNotification',
        kind: (str(data, 'kind') || 'initial') as never,
        at: at.at,
        reference: str(data, 'reference'),
        delayReason: str(data, 'delayReason') || undefined,
        followUpPending: str(data, 'followUpPending') === 'true',
      });
    }
    case 'recordPersonsNotified': {
      const at = instant(data, 'personsNotifiedDate', 'personsNotifiedTime');
      if (!('at' in at)) return at;
      // Danish and English digit grouping ("1.200", "1 200", "1,200") is a whole number too.
      const count = str(data, 'personsCount').replace(/(?<=\d)[. ,](?=\d{3}\b)/g, '');
      if (!/^\d+$/.test(count)) return { ok: false, error: 'invalid_count', field: 'personsCount' };
      return ok({ type: 'recordPersonsNotified', notifiedAt: at.at, how: str(data, 'personsHow'), count: Number(count) });
    }
    case 'recordPersonsExemption':
      return ok({ type: 'recordPersonsExemption', exemption: str(data, 'exemption') as never, explanation: str(data, 'exemptionExplanation') });
    case 'dpoInformed':
      return ok({ type: 'dpoInformed' });
    case 'journalize':
      return ok({ type: 'journalize', sbsysJournalNo: str(data, 'sbsysJournalNo') });
    case 'addNote':
      return ok({ type: 'addNote', text: str(data, 'note') });
    case 'link':
      return ok({ type: 'link', toCaseNumber: str(data, 'linkTo') });
    case 'declareIncident':
      return ok({ type: 'declareIncident', title: str(data, 'incidentTitle') });
    case 'endIncident':
      return ok({ type: 'endIncident' });
    case 'close':
      return ok({
        type: 'close',
        closeReason: str(data, 'closeReason') || undefined,
        lessonsLearned: str(data, 'lessonsLearned'),
        feedback: {
          done: str(data, 'feedbackDone'),
          prevention: str(data, 'feedbackPrevention'),
          authorityNotified: str(data, 'feedbackAuthority'),
          dpoInformed: str(data, 'feedbackDpo'),
          personsInformed: str(data, 'feedbackPersons'),
        },
      });
    case 'reopen':
      return ok({ type: 'reopen', reason: str(data, 'reopenReason') || undefined });
    case 'answerSupplier': {
      // The notice's time is optional: both empty is "not known"; one without the other is the field to fill.
      const involved = str(data, 'supplierAnswer');
      if (involved !== 'yes' && involved !== 'no') return { ok: false, error: 'required', field: 'supplierAnswer' };
      const given = involved === 'yes' && (str(data, 'supplierNoticeDate') !== '' || str(data, 'supplierNoticeTime') !== '');
      const at = given ? instant(data, 'supplierNoticeDate', 'supplierNoticeTime') : null;
      if (at !== null && !('at' in at)) return at;
      return ok({ type: 'answerSupplier', involved: involved === 'yes' ? 'yes' : 'no', name: str(data, 'supplierAnswerName'), ...(at ? { notifiedAt: at.at } : {}) });
    }
    case 'route':
      // The targets were resolved from the unit directory by the handler; none chosen is the domain's 'required'.
      return ok({ type: 'route', targets: routeTargets ?? [] });
    default:
      return { ok: false, error: 'invalid_choice', field: 'verb' };
  }
}

export const CASE_VERBS = [
  'acknowledge',
  'handOver',
  'setAware',
  'setStopped',
  'assess',
  'recordAuthorityNotification',
  'recordPersonsNotified',
  'recordPersonsExemption',
  'dpoInformed',
  'journalize',
  'addNote',
  'link',
  'declareIncident',
  'endIncident',
  'close',
  'reopen',
  'route',
  'answerSupplier',
] as const;
