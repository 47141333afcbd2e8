/**
 * The export's sheet «Systemer og leverandører» (issue 18 part 4): one row per system and per supplier
 * of the exported year (merged spellings as one, nameStatistics.ts) with its breaches, how many were
 * notified to Datatilsynet and how many not, the spellings seen and the case numbers. Pure; the labels
 * come from src/i18n/repeatsTexts.ts.
 */
import { maskCpr } from '../cpr';
import type { ExportCell } from './exportColumns';
import type { NameKind } from './nameAliases';
import type { NameStatistics } from './nameStatistics';

/** A sheet's name and columns (the export port's ExportSheet; the domain names no port). */
interface ExportSheet {
  name: string;
  columns: { header: string; width: number }[];
}

export interface NameSheetLabels {
  sheet: string;
  kind: string;
  name: string;
  year: string;
  cases: string;
  notified: string;
  notNotified: string;
  spellings: string;
  numbers: string;
  kinds: Record<NameKind, string>;
}

const text = (t: string): ExportCell => ({ kind: 'text', text: maskCpr(t) });
const number = (value: number): ExportCell => ({ kind: 'number', value });

export function nameSheet(stats: NameStatistics, year: number, labels: NameSheetLabels): { spec: ExportSheet; rows: ExportCell[][] } {
  const spec: ExportSheet = {
    name: labels.sheet,
    columns: [
      { header: labels.kind, width: 14 },
      { header: labels.name, width: 36 },
      { header: labels.year, width: 8 },
      { header: labels.cases, width: 10 },
      { header: labels.notified, width: 24 },
      { header: labels.notNotified, width: 14 },
      { header: labels.spellings, width: 40 },
      { header: labels.numbers, width: 60 },
    ],
  };
  const rows = [...stats.systems, ...stats.suppliers].map((n) => [
    text(labels.kinds[n.kind]),
    text(n.name),
    number(year),
    number(n.cases),
    number(n.notified),
    number(n.notNotified),
    text(n.spellings.join('; ')),
    text(n.numbers.join(', ')),
  ]);
  return { spec, rows };
}
