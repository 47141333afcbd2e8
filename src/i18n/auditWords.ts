/**
 * One audit row in words, for the card (`log BV-…`) and the audit export: what the person did or
 * tried, and the outcome with its reason. The stored row is not changed (its codes stay in the export
 * as columns of their own); the words are made when the row is shown, so old rows read the same way.
 *
 * How a stored row reads:
 * - outcome `refused` (access: not a member, wrong team, wrong channel …): «forsøgte at …», «nægtet: <why>»;
 *   a `failed …` detail (an export that could not be made): «forsøgte at …», «mislykkedes: …».
 * - outcome `allowed` with detail `rejected:<code>[:<field>]`: the person was let in, and the rules
 *   turned the action away (actOnCase.ts writes `rejected:<code>`; a card value that could not be
 *   read, e.g. an empty date, is written by the coordinator handler with the card field):
 *   «forsøgte at …», «afvist: <field> – <why>», the why in the card's own error words.
 * - outcome `allowed` otherwise: the action in the past tense, «udført».
 */
import type { Locale } from '../domain/case';
import type { AuditEntry } from '../app/ports';
import { auditDa, type AuditTexts } from './auditDa';
import { auditEn } from './auditEn';
import { caseMessages } from './caseMessages';
import { fill } from './index';

export function auditTexts(locale: Locale): AuditTexts {
  return locale === 'en' ? auditEn : auditDa;
}

export interface AuditWords {
  /** What the person did, or «forsøgte at …». */
  what: string;
  /** «udført», «afvist: …», «nægtet: …» or «mislykkedes: …». */
  outcome: string;
  /** Carried out as asked (the outcome is «udført»). */
  done: boolean;
}

/** A sentence of the card's error texts as a clause after «afvist:»: no full stop, lower case unless an abbreviation. */
function clause(text: string): string {
  const trimmed = text.trim().replace(/\.$/, '');
  return /^\p{Lu}\p{Ll}/u.test(trimmed) ? trimmed[0].toLowerCase() + trimmed.slice(1) : trimmed;
}

function rejectionReason(code: string, field: string | undefined, locale: Locale): string {
  const t = auditTexts(locale);
  const m = caseMessages(locale);
  const known = t.rejections[code] ?? (m.errors as Record<string, string>)[code];
  const reason = known === undefined ? code : clause(known);
  const label = field ? (m.fields as Record<string, string>)[field] : undefined;
  return label ? fill(t.fieldReason, { field: label, reason }) : reason;
}

export function auditWords(entry: Pick<AuditEntry, 'action' | 'outcome' | 'detail'>, locale: Locale): AuditWords {
  const t = auditTexts(locale);
  const words = (t.actions as Record<string, { done: string; try: string } | undefined>)[entry.action];
  const tried = fill(t.tried, { what: words?.try ?? entry.action });
  const detail = entry.detail ?? '';
  if (entry.outcome === 'refused') {
    if (/^failed\b/.test(detail)) return { what: tried, outcome: t.failed, done: false };
    const code = detail.split(/\s/)[0] ?? '';
    const reason = t.reasons[code] ?? code;
    return { what: tried, outcome: reason ? fill(t.refused, { reason }) : fill(t.refused, { reason: '' }).replace(/:\s*$/, ''), done: false };
  }
  const rejected = /^rejected:([a-z_]+)(?::([A-Za-z.]+))?/.exec(detail);
  if (rejected) return { what: tried, outcome: fill(t.rejected, { reason: rejectionReason(rejected[1], rejected[2], locale) }), done: false };
  return { what: words?.done ?? entry.action, outcome: t.done, done: true };
}
