import type { Messages } from '../../i18n';

export interface Choice {
  title: string;
  value: string;
}

export function choicesOf(map: Record<string, string>): Choice[] {
  return Object.entries(map).map(([value, title]) => ({ value, title }));
}

export function choiceTitles(map: Record<string, string>, values: readonly string[]): string {
  return values.map((v) => map[v] ?? v).join(', ');
}

export function reportChoices(m: Messages) {
  return {
    breachTypes: choicesOf(m.choices.breachTypes),
    breachExample: choicesOf(m.choices.breachExample),
    dataKinds: choicesOf(m.choices.dataKinds),
    ongoing: choicesOf(m.choices.ongoing),
    supplierInvolved: choicesOf(m.choices.supplierInvolved),
  };
}
