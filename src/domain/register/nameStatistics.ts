/**
 * «Systemer og leverandører» (issue 18 part 4): breaches per system and per supplier in a year, notified
 * to Datatilsynet or not — what the municipality brings to the supplier meeting. Pure; computed from
 * register summaries (statistik) or records (the export), which carry the name keys (namedIn.ts).
 *
 * - Spellings that nameKey makes one, and those the central group merged (nameAliases.ts), count as one.
 *   The group is shown under the merge target's name when it is one, else under the spelling used most
 *   (ties: the first in Danish alphabetical order).
 * - A report linked to another case counts with that case, not again (as `statistik` counts incidents).
 * - An anonymized case has no names any more (retention erased them): it counts in every other figure,
 *   not here. Retention comes at the earliest a year after closing, so the 12-month repeat counts never
 *   meet one; an old year's figures here shrink as its cases are anonymized.
 */
import type { AliasMap, NameKind } from './nameAliases';
import type { RegisterSummary } from './record';

export interface NameCount {
  kind: NameKind;
  key: string;
  name: string;
  cases: number;
  notified: number;
  notNotified: number;
  /** Every spelling seen, the shown name first. */
  spellings: string[];
  /** Case numbers, oldest first. */
  numbers: string[];
}

export interface NameStatistics {
  systems: NameCount[];
  suppliers: NameCount[];
}

type Named = Pick<RegisterSummary, 'number' | 'reportedAt' | 'authorityNotifiedAt' | 'deadlineOutcome' | 'systemKey' | 'systemLabel' | 'supplierKey' | 'supplierLabel'>;

export function nameStatistics(rows: readonly Named[], aliases: AliasMap): NameStatistics {
  const count = (kind: NameKind, keyOf: (r: Named) => string | undefined, labelOf: (r: Named) => string | undefined): NameCount[] => {
    const groups = new Map<string, { rows: Named[]; labels: Map<string, number> }>();
    for (const r of rows) {
      const own = keyOf(r);
      if (!own || r.deadlineOutcome === 'linked') continue;
      const key = aliases.resolve(kind, own);
      const g = groups.get(key) ?? { rows: [], labels: new Map<string, number>() };
      g.rows.push(r);
      const label = (labelOf(r) ?? '').trim() || own;
      g.labels.set(label, (g.labels.get(label) ?? 0) + 1);
      groups.set(key, g);
    }
    return [...groups]
      .map(([key, g]) => {
        const byUse = [...g.labels].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'da')).map(([label]) => label);
        const name = aliases.targetName(kind, key)?.trim() || byUse[0];
        const notified = g.rows.filter((r) => r.authorityNotifiedAt !== null).length;
        return {
          kind,
          key,
          name,
          cases: g.rows.length,
          notified,
          notNotified: g.rows.length - notified,
          spellings: [name, ...byUse.filter((l) => l !== name)],
          numbers: [...g.rows].sort((a, b) => (a.reportedAt < b.reportedAt ? -1 : a.reportedAt > b.reportedAt ? 1 : 0)).map((r) => r.number),
        };
      })
      .sort((a, b) => b.cases - a.cases || a.name.localeCompare(b.name, 'da'));
  };
  return {
    systems: count('system', (r) => r.systemKey, (r) => r.systemLabel),
    suppliers: count('supplier', (r) => r.supplierKey, (r) => r.supplierLabel),
  };
}
