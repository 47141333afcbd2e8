/**
 * `log BV-2026-0007`: who read or changed a case, when, and whether it was allowed. The trail says
 * who looked at which breach, so only the central channel may read it (its live members and the
 * administrators). The read is itself written to the case's trail before the trail is read, so it
 * shows as the newest row.
 */
import { formatCaseNumber, parseCaseNumber } from '../domain/case';
import type { AuditEntry } from './ports';
import { auditRegister, registerAccess, type RegisterDeps, type RegisterRefusal, type RegisterViewer } from './registerAccess';

export const AUDIT_PAGE_SIZE = 25;

export type AuditTrailResult =
  | { kind: 'ok'; caseId: string; number: string; entries: AuditEntry[]; page: number; pages: number; total: number }
  | { kind: 'refused'; reason: RegisterRefusal }
  | { kind: 'not_found'; number: string };

export async function readAuditTrail(deps: RegisterDeps, tenantId: string, viewer: RegisterViewer, numberText: string, page = 1): Promise<AuditTrailResult> {
  const parsed = parseCaseNumber(numberText);
  const number = parsed ? formatCaseNumber(parsed.year, parsed.sequence) : '';
  const access = await registerAccess(deps, tenantId, viewer, { centralOnly: true });
  if (!access.ok) {
    await auditRegister(deps, tenantId, viewer.person, 'audit.read', number ? `audit:${number}` : 'audit:?', 'refused', access.reason);
    return { kind: 'refused', reason: access.reason };
  }
  const found = number ? await deps.cases.findByNumber(tenantId, number) : null;
  if (!found) return { kind: 'not_found', number: number || numberText.slice(0, 20) };
  await auditRegister(deps, tenantId, viewer.person, 'audit.read', found.value.id, 'allowed', `page=${page}`);
  const all = (await deps.audit.listForCase(tenantId, found.value.id)).reverse();
  const pages = Math.max(1, Math.ceil(all.length / AUDIT_PAGE_SIZE));
  const at = Math.min(Math.max(1, page), pages);
  return { kind: 'ok', caseId: found.value.id, number: found.value.number, entries: all.slice((at - 1) * AUDIT_PAGE_SIZE, at * AUDIT_PAGE_SIZE), page: at, pages, total: all.length };
}
