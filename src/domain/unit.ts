import type { NameKind } from './register/nameAliases';

/**
 * The central registration's unit id: the central security group's channel, and the reporter's «Ved ikke»
 * (a report without a unit goes there). The one definition; app/ports.ts and reportValidation.ts name it.
 */
export const CENTRAL_UNIT = '_central';

/**
 * The information-security committee's registration (issue 18, part 2): the channel of the
 * informationssikkerhedsudvalg, told when an assessment finds a risk to the municipality. Not a unit: no
 * report is routed there and it sees only the committee's view of a case (src/domain/visibility.ts).
 */
export const COMMITTEE_UNIT = '_committee';

/** The words `tilmeld`/`afmeld` read as the committee's registration: reserved, no unit can be named so. */
export const COMMITTEE_WORDS = /^(udvalg|committee)$/i;

/** Ids that are registrations of their own, not units a reporter may pick or a case be sent to. */
export const isReservedUnitId = (id: string): boolean => id === CENTRAL_UNIT || id === COMMITTEE_UNIT;

/** Unit names that would collide with a registration's words (`tilmeld central`, `tilmeld udvalg`). */
export const isReservedUnitName = (name: string): boolean => ['central', 'udvalg', 'committee'].includes(unitIdFrom(name));

/** Unit names are typed by people ("Center for Børn og Familie"); ids must be stable and key-safe. */
export function unitIdFrom(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

export const UNIT_NAME_MAX = 80;

export type ChannelCommand =
  | { kind: 'register'; unitName: string }
  | { kind: 'registerCentral' }
  | { kind: 'unregister'; unitName: string }
  | { kind: 'units' }
  | { kind: 'cases' }
  /** `sager tjek [år]`: the cases whose timeline cannot have happened (src/app/checkTimelines.ts). */
  | { kind: 'casesCheck'; year?: number }
  /** Without a year: the current one (the caller knows the clock). */
  | { kind: 'statistics'; year?: number }
  | { kind: 'auditLog'; caseNumber: string }
  /** `eksport [år] [xlsx|csv]`: without a year the current one; XLSX unless CSV is asked for. */
  | { kind: 'export'; year?: number; format: 'xlsx' | 'csv' }
  /** `eksport log <fra> <til>`: dates as ISO (YYYY-MM-DD); null where the text was not a date. */
  | { kind: 'exportAudit'; from: string | null; to: string | null }
  /**
   * `flet system|leverandør "A" "B"` / `merge system|supplier "A" "B"` (issue 18 part 4): the first
   * spelling counts as the second. null: a part that was not understood (the answer shows the syntax).
   */
  | { kind: 'mergeNames'; what: NameKind | null; from: string | null; into: string | null }
  /** `fjern fletning system|leverandør "A"` / `unmerge system|supplier "A"`. */
  | { kind: 'unmergeName'; what: NameKind | null; name: string | null }
  /** `navne` / `names`: the merged spellings. */
  | { kind: 'names' }
  | { kind: 'help' }
  | { kind: 'unknown' }
  /** `tilmeld udvalg` / `register committee`: the information-security committee's channel (administrators only). */
  | { kind: 'registerCommittee' };

/** Text after the @mention is removed. Both languages are understood whatever the locale. */
export function parseChannelCommand(text: string): ChannelCommand {
  const t = text.replace(/\s+/g, ' ').trim();
  const lower = t.toLowerCase();
  const register = /^(tilmeld|register)\s+(.+)$/i.exec(t);
  if (register) {
    const name = register[2].trim();
    if (COMMITTEE_WORDS.test(name)) return { kind: 'registerCommittee' };
    return /^central$/i.test(name) ? { kind: 'registerCentral' } : { kind: 'register', unitName: name };
  }
  const unregister = /^(afmeld|unregister)\s+(.+)$/i.exec(t);
  if (unregister) return { kind: 'unregister', unitName: unregister[2].trim() };
  if (/^(enheder|units)$/.test(lower)) return { kind: 'units' };
  if (/^(sager|cases)$/.test(lower)) return { kind: 'cases' };
  // Its own command, not `sager` with a filter: `sager` takes no words after it.
  const check = /^(sager|cases)\s+(tjek|check)(?:\s+(\d{4}))?$/.exec(lower);
  if (check) return check[3] ? { kind: 'casesCheck', year: Number(check[3]) } : { kind: 'casesCheck' };
  const statistics = /^(statistik|statistics)(?:\s+(\d{4}))?$/.exec(lower);
  if (statistics) return statistics[2] ? { kind: 'statistics', year: Number(statistics[2]) } : { kind: 'statistics' };
  const log = /^(log|audit)\s+(\S+)$/.exec(lower);
  if (log) return { kind: 'auditLog', caseNumber: log[2].toUpperCase() };
  const exportAudit = /^(eksport|export)\s+(log|audit)(?:\s+(\S+))?(?:\s+(\S+))?$/.exec(lower);
  if (exportAudit) return { kind: 'exportAudit', from: parseDay(exportAudit[3] ?? ''), to: parseDay(exportAudit[4] ?? exportAudit[3] ?? '') };
  const exportRegister = /^(eksport|export)(?:\s+(\d{4}))?(?:\s+(xlsx|excel|csv))?$/.exec(lower);
  if (exportRegister) {
    const format = exportRegister[3] === 'csv' ? 'csv' : 'xlsx';
    return exportRegister[2] ? { kind: 'export', year: Number(exportRegister[2]), format } : { kind: 'export', format };
  }
  const names = parseNameCommand(t);
  if (names) return names;
  if (/^(hjælp|hjaelp|help|\?)?$/.test(lower)) return { kind: 'help' };
  return { kind: 'unknown' };
}

/**
 * A day as people type it: 2026-03-31, 31-03-2026, 31.3.2026 or 31/3/2026 (day first, as in Danish).
 * ISO date out, or null when it is not a real calendar day.
 */
export function parseDay(text: string): string | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const dmy = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : dmy ? [dmy[3], dmy[2], dmy[1]] : [];
  if (!y) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null;
  return date.toISOString().slice(0, 10);
}

/** The longest system or supplier name a merge takes (as the report's own fields). */
export const MERGE_NAME_MAX = 80;

// Straight and typographic double quotes and guillemets (Teams may turn "" into “”); not apostrophes: «McDonald's».
const QUOTED = /["“”„«»]([^"“”„«»]*)["“”„«»]/gu;

function nameKindOf(word: string | undefined): NameKind | null {
  const w = (word ?? '').toLowerCase();
  if (/^(system|systemer|systems|systemet)$/.test(w)) return 'system';
  if (/^(leverandør|leverandor|leverandoer|leverandører|leverandorer|leverandøren|supplier|suppliers|databehandler)$/.test(w)) return 'supplier';
  return null;
}

/** Names in quotes («…», "…", “…”), each at most MERGE_NAME_MAX characters; null when one is too long or empty. */
function quotedNames(rest: string): (string | null)[] {
  const found = [...rest.matchAll(QUOTED)].map((m) => m[1].trim());
  return found.map((n) => (n === '' || n.length > MERGE_NAME_MAX ? null : n));
}

/** `flet …`, `fjern fletning …`, `navne` in either language, or null when the text is none of them. */
function parseNameCommand(t: string): ChannelCommand | null {
  if (/^(navne|names)$/i.test(t)) return { kind: 'names' };
  const merge = /^(?:flet|merge)(?:\s+(\S+))?(?:\s+([\s\S]*))?$/iu.exec(t);
  if (merge) {
    const names = quotedNames(merge[2] ?? '');
    const two = names.length === 2;
    return { kind: 'mergeNames', what: nameKindOf(merge[1]), from: two ? names[0] : null, into: two ? names[1] : null };
  }
  const unmerge = /^(?:fjern\s+fletning|unmerge)(?:\s+(\S+))?(?:\s+([\s\S]*))?$/iu.exec(t);
  if (unmerge) {
    const rest = (unmerge[2] ?? '').trim();
    const names = quotedNames(rest);
    // One name, in quotes or (when it has no quotes at all) as the rest of the line.
    const name = names.length === 1 ? names[0] : names.length === 0 && rest !== '' && rest.length <= MERGE_NAME_MAX ? rest : null;
    return { kind: 'unmergeName', what: nameKindOf(unmerge[1]), name };
  }
  return null;
}
