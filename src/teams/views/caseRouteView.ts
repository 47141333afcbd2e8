import type { BreachCase, Locale } from '../../domain/case';
import { CENTRAL_UNIT_ID, type Unit } from '../../app/ports';
import { fill } from '../../i18n';
import { caseMessages } from '../../i18n/caseMessages';
import { asPlainText } from './plainText';

export interface CaseRouteInput {
  breachCase: BreachCase;
  /** The tenant's registered units (not the central registration). */
  units: Unit[];
  locale: Locale;
  /** The units the coordinator had chosen (a rejected send keeps them). */
  chosen?: string;
  /** A refusal: the text at the top and the message beside the field. */
  error?: { text: string; field?: string };
}

/**
 * «Send videre til en enhed» from the central channel's card (issue 17): the registered units the case does
 * not belong to yet, to choose one or several. Unit names are shown as typed text (plain, never markdown).
 */
export function caseRouteView(input: CaseRouteInput) {
  const t = caseMessages(input.locale).route;
  const c = input.breachCase;
  const belongs = c.report.unitIds.filter((u) => u !== CENTRAL_UNIT_ID);
  const nameOf = (id: string) => input.units.find((u) => u.id === id)?.name ?? id;
  const choices = input.units.filter((u) => !belongs.includes(u.id)).map((u) => ({ title: asPlainText(u.name), value: u.id }));
  return {
    t,
    title: fill(t.title, { number: c.number }),
    nowText: belongs.length > 0 ? fill(t.now, { units: asPlainText(belongs.map(nameOf).join(', ')) }) : t.nowNone,
    choices,
    hasChoices: choices.length > 0,
    value: input.chosen ?? '',
    errorText: input.error?.text ?? '',
    fieldError: input.error?.field === 'routeUnits' ? input.error.text : '',
    caseId: c.id,
    // Cases stored before the work record existed are upgraded on read; a bare fixture has none.
    rev: String(c.work?.timeline.length ?? 0),
  };
}
