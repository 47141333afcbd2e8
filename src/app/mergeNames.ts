/**
 * `flet system|leverandør "A" "B"` (merge), `fjern fletning system|leverandør "A"` (unmerge) and
 * `navne` (names): the central group's merged spellings (issue 18 part 4). The central channel only
 * (registerAccess, centralOnly), by a live member of its team or an administrator; every attempt is
 * audited (`names.merge`, `names.unmerge`, `names.list` on `register:*`, the kind as the detail: the names
 * themselves are typed text and stay out of the audit log; the merge row keeps who and when).
 */
import type { NameAlias, NameKind } from '../domain/register/nameAliases';
import { aliasMap, planMerge } from '../domain/register/nameAliases';
import { nameKey } from '../domain/register/nameKey';
import type { NameAliases } from './ports';
import { auditRegister, registerAccess, registerTarget, type RegisterDeps, type RegisterRefusal, type RegisterViewer } from './registerAccess';

export type NamesDeps = RegisterDeps & { names: NameAliases };

export type MergeResult =
  | { kind: 'merged'; alias: NameAlias }
  | { kind: 'same' }
  | { kind: 'empty_name' }
  | { kind: 'refused'; reason: RegisterRefusal };

export async function mergeNames(deps: NamesDeps, tenantId: string, viewer: RegisterViewer, what: NameKind, from: string, into: string): Promise<MergeResult> {
  const access = await registerAccess(deps, tenantId, viewer, { centralOnly: true });
  if (!access.ok) {
    await auditRegister(deps, tenantId, viewer.person, 'names.merge', registerTarget(access), 'refused', access.reason);
    return { kind: 'refused', reason: access.reason };
  }
  const plan = planMerge(aliasMap(await deps.names.list(tenantId)), what, from, into, viewer.person.name, deps.clock.now());
  if (!plan.ok) {
    await auditRegister(deps, tenantId, viewer.person, 'names.merge', registerTarget(access), 'refused', `${what}:${plan.reason}`);
    return { kind: plan.reason === 'same_name' ? 'same' : 'empty_name' };
  }
  await deps.names.save(tenantId, plan.alias);
  await auditRegister(deps, tenantId, viewer.person, 'names.merge', registerTarget(access), 'allowed', what);
  return { kind: 'merged', alias: plan.alias };
}

export type UnmergeResult = { kind: 'unmerged'; alias: NameAlias } | { kind: 'not_merged' } | { kind: 'refused'; reason: RegisterRefusal };

export async function unmergeName(deps: NamesDeps, tenantId: string, viewer: RegisterViewer, what: NameKind, name: string): Promise<UnmergeResult> {
  const access = await registerAccess(deps, tenantId, viewer, { centralOnly: true });
  if (!access.ok) {
    await auditRegister(deps, tenantId, viewer.person, 'names.unmerge', registerTarget(access), 'refused', access.reason);
    return { kind: 'refused', reason: access.reason };
  }
  const key = nameKey(name);
  const removed = key === '' ? null : await deps.names.remove(tenantId, what, key);
  await auditRegister(deps, tenantId, viewer.person, 'names.unmerge', registerTarget(access), 'allowed', removed ? what : `${what}:not_merged`);
  return removed ? { kind: 'unmerged', alias: removed } : { kind: 'not_merged' };
}

export type NamesResult = { kind: 'ok'; aliases: NameAlias[] } | { kind: 'refused'; reason: RegisterRefusal };

export async function listNames(deps: NamesDeps, tenantId: string, viewer: RegisterViewer): Promise<NamesResult> {
  const access = await registerAccess(deps, tenantId, viewer, { centralOnly: true });
  await auditRegister(deps, tenantId, viewer.person, 'names.list', registerTarget(access), access.ok ? 'allowed' : 'refused', access.ok ? undefined : access.reason);
  if (!access.ok) return { kind: 'refused', reason: access.reason };
  const aliases = [...(await deps.names.list(tenantId))].sort((a, b) => a.kind.localeCompare(b.kind) || a.toName.localeCompare(b.toName, 'da') || a.fromName.localeCompare(b.fromName, 'da'));
  return { kind: 'ok', aliases };
}
