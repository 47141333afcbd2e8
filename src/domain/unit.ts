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
  /** Without a year: the current one (the caller knows the clock). */
  | { kind: 'statistics'; year?: number }
  | { kind: 'auditLog'; caseNumber: string }
  | { kind: 'help' }
  | { kind: 'unknown' };

/** Text after the @mention is removed. Both languages are understood whatever the locale. */
export function parseChannelCommand(text: string): ChannelCommand {
  const t = text.replace(/\s+/g, ' ').trim();
  const lower = t.toLowerCase();
  const register = /^(tilmeld|register)\s+(.+)$/i.exec(t);
  if (register) {
    const name = register[2].trim();
    return /^central$/i.test(name) ? { kind: 'registerCentral' } : { kind: 'register', unitName: name };
  }
  const unregister = /^(afmeld|unregister)\s+(.+)$/i.exec(t);
  if (unregister) return { kind: 'unregister', unitName: unregister[2].trim() };
  if (/^(enheder|units)$/.test(lower)) return { kind: 'units' };
  if (/^(sager|cases)$/.test(lower)) return { kind: 'cases' };
  const statistics = /^(statistik|statistics)(?:\s+(\d{4}))?$/.exec(lower);
  if (statistics) return statistics[2] ? { kind: 'statistics', year: Number(statistics[2]) } : { kind: 'statistics' };
  const log = /^(log|audit)\s+(\S+)$/.exec(lower);
  if (log) return { kind: 'auditLog', caseNumber: log[2].toUpperCase() };
  if (/^(hjælp|hjaelp|help|\?)?$/.test(lower)) return { kind: 'help' };
  return { kind: 'unknown' };
}
