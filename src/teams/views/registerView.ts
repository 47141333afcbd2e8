import type { ListRegisterResult, RegisterCursor, RegisterFilter } from '../../app/listRegister';
import type { Locale } from '../../domain/case';
import { formatCopenhagen, instantToCopenhagenParts } from '../../domain/copenhagenTime';
import { HEADLINE_CHARS, headlineOf, isOverdueAt, type RegisterSummary } from '../../domain/register/record';
import { fill, messages, registerTexts } from '../../i18n';
import { cutText, offerShorter } from '../cardBudget';
import { encodeCursor, filterKey } from '../registerCursor';
import { asPlainText } from './plainText';

/**
 * How a row is drawn, fullest first; renderCard asks for the next while the card is over the budget
 * (offerShorter). What fills a page is a case reported to many units with long names, and a unit
 * filter listing them all: first fewer names («+ N flere»), then only their count, then the rows stop
 * carrying this page's cursor («Tilbage til listen» then returns to the first page of the same filter),
 * and only then is the line of what happened cut shorter.
 */
const ROW_STEPS: { names: number; nameChars: number; headline: number; cursor: boolean }[] = [
  { names: 3, nameChars: 80, headline: HEADLINE_CHARS, cursor: true },
  { names: 1, nameChars: 40, headline: HEADLINE_CHARS, cursor: true },
  { names: 0, nameChars: 30, headline: HEADLINE_CHARS, cursor: true },
  { names: 0, nameChars: 30, headline: HEADLINE_CHARS, cursor: false },
  { names: 0, nameChars: 30, headline: 50, cursor: false },
  { names: 0, nameChars: 30, headline: 40, cursor: false },
];

/** The choice "any" of the unit and notified filters: the parser refuses an empty value, and no unit id has a '*'. */
export const ANY = '*';

type Listed = Extract<ListRegisterResult, { kind: 'ok' }>;

/** The years offered in the filter: this one and the four before (the register keeps five years). */
export function registerYears(now: Date, selected: number): number[] {
  const current = instantToCopenhagenParts(now).year;
  const years = Array.from({ length: 5 }, (_, i) => current - i);
  return years.includes(selected) ? years : [selected, ...years];
}

function when(s: RegisterSummary, locale: Locale, now: Date): string {
  const t = registerTexts(locale).list;
  const at = (iso: string) => formatCopenhagen(new Date(iso), locale);
  const parts: string[] = [];
  if (s.authorityNotifiedAt) parts.push(fill(s.deadlineOutcome === 'late' ? t.late : t.notifiedAt, { at: at(s.authorityNotifiedAt) }));
  else if (s.decision === 'do_not_notify') parts.push(t.notRequired);
  else if (s.deadlineOutcome === 'linked') parts.push(t.linked);
  else if (s.status !== 'closed') parts.push(fill(isOverdueAt(s, now) ? t.overdue : t.deadline, { at: at(s.deadline) }));
  if (s.closedAt) parts.push(fill(t.closedAt, { at: at(s.closedAt) }));
  return parts.join(' · ');
}

/**
 * `at`: where this page started (undefined: the first page). A row's button carries it, so the case
 * card opened from the list can lead back to this page (withBackToList, src/teams/backToList.ts); the
 * filter travels with it as the card's own inputs, which every button of the card sends.
 */
export function registerView(input: { result: Listed; locale: Locale; now: Date; at?: RegisterCursor; level?: number }) {
  const { result, locale, now } = input;
  const level = Math.min(input.level ?? 0, ROW_STEPS.length - 1);
  const step = ROW_STEPS[level];
  const t = registerTexts(locale).list;
  const status = messages(locale).status;
  const f: RegisterFilter = result.filter;
  const unitName = new Map(result.units.map((u) => [u.id, u.name]));
  const unitsOf = (s: RegisterSummary): string => {
    if (s.units.length === 0) return t.noUnit;
    const names = s.units.map((id) => unitName.get(id) ?? id);
    const shown = names.slice(0, Math.max(step.names, 1)).map((n) => cutText(n, step.nameChars));
    if (step.names === 0 && names.length > 1) return fill(t.unitCount, { count: names.length });
    return names.length > shown.length ? `${shown.join(', ')} ${fill(t.moreUnits, { count: names.length - shown.length })}` : shown.join(', ');
  };
  const model = {
    t,
    scope: asPlainText(result.central ? t.scopeCentral : fill(t.scopeUnit, { unit: result.unitName })),
    central: result.central,
    status: f.status,
    year: String(f.year),
    unit: f.unitId ?? ANY,
    notified: f.notified === undefined ? ANY : f.notified ? 'yes' : 'no',
    statusChoices: [
      { title: t.statusAll, value: 'all' },
      { title: t.statusOpen, value: 'open' },
      { title: t.statusOverdue, value: 'overdue' },
      { title: t.statusAwaiting, value: 'awaiting' },
      { title: t.statusClosed, value: 'closed' },
    ],
    yearChoices: registerYears(now, f.year).map((y) => ({ title: String(y), value: String(y) })),
    unitChoices: [{ title: t.unitAll, value: ANY }, ...result.units.map((u) => ({ title: asPlainText(u.name), value: u.id }))],
    notifiedChoices: [
      { title: t.notifiedAny, value: ANY },
      { title: t.notifiedYes, value: 'yes' },
      { title: t.notifiedNo, value: 'no' },
    ],
    pageCursor: step.cursor && input.at && input.at.page > 1 ? encodeCursor(input.at, filterKey(f)) : '',
    rows: result.rows.map((s) => ({
      caseId: s.caseId,
      number: s.number,
      // The reporter's line, masked when indexed and again here (maskCpr is idempotent); the register
      // scope (listRegister) lets this channel see only cases it may open.
      headline: asPlainText(headlineOf(s.headline ?? '', step.headline)),
      line: [status[s.status], asPlainText(unitsOf(s)), when(s, locale, now)].filter((part) => part !== '').join(' · '),
    })),
    pageText: fill(t.page, { page: result.page }),
    hasNext: result.next !== undefined,
    nextCursor: result.next ? encodeCursor(result.next, filterKey(f)) : '',
    notFirst: result.page > 1,
  };
  // Over the card budget (many long unit names on every row): fewer names, a shorter line.
  return offerShorter(model, level < ROW_STEPS.length - 1 ? (): object => registerView({ ...input, level: level + 1 }) : undefined);
}
