/**
 * `sager` / `cases`: a page of the register from its index (src/storage/tableRegisterIndex.ts),
 * never from the cases themselves. Open cases come first by deadline, then closed ones, newest
 * report first. Before listing, index writes a crash left unfinished are repaired from the cases.
 */
import { headlineOf, isOverdueAt, type RegisterSummary } from '../domain/register/record';
import type { Unit } from './ports';
import { auditRegister, registerAccess, registerTarget, type RegisterDeps, type RegisterRefusal, type RegisterViewer } from './registerAccess';

export const REGISTER_STATUSES = ['all', 'open', 'overdue', 'awaiting', 'closed'] as const;
export type RegisterStatusFilter = (typeof REGISTER_STATUSES)[number];

export interface RegisterFilter {
  status: RegisterStatusFilter;
  year: number;
  /** Central only: one unit's cases. */
  unitId?: string;
  notified?: boolean;
}

/** Where the next page starts: an offset into the open cases, then the closed index's cursor. */
export interface RegisterCursor {
  open: number;
  closed?: string;
  /** 1-based number of the page it starts. */
  page: number;
}

export const REGISTER_PAGE_SIZE = 20;
/** An index write announced this long ago and not done is taken as left behind by a crash. */
export const REPAIR_AFTER_MS = 60_000;
const REPAIR_MAX = 20;

export type ListRegisterResult =
  | { kind: 'ok'; central: boolean; unitName: string; units: Unit[]; filter: RegisterFilter; rows: RegisterSummary[]; page: number; next?: RegisterCursor }
  | { kind: 'refused'; reason: RegisterRefusal };

const byDeadline = (a: RegisterSummary, b: RegisterSummary) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : a.number.localeCompare(b.number));

function filterCode(f: RegisterFilter): string {
  return `status=${f.status} year=${f.year}${f.unitId ? ` unit=${f.unitId}` : ''}${f.notified === undefined ? '' : ` notified=${f.notified}`}`;
}

export async function listRegister(
  deps: RegisterDeps,
  tenantId: string,
  viewer: RegisterViewer,
  requested: RegisterFilter,
  cursor: RegisterCursor = { open: 0, page: 1 },
  size = REGISTER_PAGE_SIZE,
): Promise<ListRegisterResult> {
  const access = await registerAccess(deps, tenantId, viewer);
  // A unit channel's filter cannot name another unit: its scope is its own.
  const filter: RegisterFilter = access.ok && !access.central ? { ...requested, unitId: undefined } : requested;
  await auditRegister(deps, tenantId, viewer.person, 'register.list', registerTarget(access), access.ok ? 'allowed' : 'refused', access.ok ? `${filterCode(filter)} page=${cursor.page}` : access.reason);
  if (!access.ok) return { kind: 'refused', reason: access.reason };
  const now = deps.clock.now();
  await repairLeftBehind(deps, tenantId, filter.year, now);

  const scope = access.central && filter.unitId ? { kind: 'unit' as const, unitId: filter.unitId } : access.scope;
  const notifiedOk = (s: RegisterSummary) => filter.notified === undefined || (s.authorityNotifiedAt !== null) === filter.notified;
  const wantsOpen = filter.status !== 'closed';
  const wantsClosed = filter.status === 'closed' || filter.status === 'all';
  let open: RegisterSummary[] = [];
  if (wantsOpen) {
    open = (await deps.register.open(tenantId, filter.year, scope))
      .filter((s) => s.status !== 'closed' && notifiedOk(s))
      .filter((s) => filter.status !== 'overdue' || isOverdueAt(s, now))
      .filter((s) => filter.status !== 'awaiting' || s.authorityDue)
      .sort(byDeadline);
  }
  const rows = open.slice(cursor.open, cursor.open + size);
  let next: RegisterCursor | undefined;
  if (cursor.open + size < open.length) next = { open: cursor.open + size, page: cursor.page + 1 };
  else if (wantsClosed) {
    const want = size - rows.length;
    if (want === 0) next = { open: open.length, page: cursor.page + 1 };
    else {
      const closed = await deps.register.closed(tenantId, filter.year, scope, { notified: filter.notified }, { size: want, cursor: cursor.closed });
      rows.push(...closed.rows);
      if (closed.cursor) next = { open: open.length, closed: closed.cursor, page: cursor.page + 1 };
    }
  }
  // Every unit's name, for a unit channel too: a case reported to two units names both (unit names
  // are no secret, the report form lists them all); the unit filter is offered to central only.
  const units = (await deps.units.list(tenantId)).sort((a, b) => a.name.localeCompare(b.name, 'da'));
  return { kind: 'ok', central: access.central, unitName: access.registration.name, units, filter, rows: await withHeadlines(deps, tenantId, rows), page: cursor.page, next };
}

/**
 * Index rows written before the register list showed what happened have no headline: the page's few
 * such rows read it from their case (within the scope already checked), until the case is next written.
 */
async function withHeadlines(deps: RegisterDeps, tenantId: string, rows: RegisterSummary[]): Promise<RegisterSummary[]> {
  if (rows.every((s) => s.headline !== undefined)) return rows;
  return Promise.all(
    rows.map(async (s) => {
      if (s.headline !== undefined) return s;
      const found = await deps.cases.get(tenantId, s.caseId);
      return { ...s, headline: found ? headlineOf(found.value.report.whatHappened ?? '') : '' };
    }),
  );
}

/**
 * When this instance last looked for markers, per index and tenant|year. Only markers older than a
 * minute are repaired, so looking more than once a minute finds nothing new: most pages skip the read.
 */
const lastRepairCheck = new WeakMap<object, Map<string, number>>();

/** Index writes a crash left behind (markers older than a minute) are redone from the stored case. */
async function repairLeftBehind(deps: RegisterDeps, tenantId: string, year: number, now: Date): Promise<void> {
  let checks = lastRepairCheck.get(deps.register);
  if (!checks) lastRepairCheck.set(deps.register, (checks = new Map()));
  const key = `${tenantId}|${year}`;
  const last = checks.get(key);
  if (last !== undefined && now.getTime() - last < REPAIR_AFTER_MS && now.getTime() >= last) return;
  checks.set(key, now.getTime());
  const ids = await deps.register.unsynced(tenantId, year, new Date(now.getTime() - REPAIR_AFTER_MS));
  for (const id of ids.slice(0, REPAIR_MAX)) {
    if (!(await deps.cases.reindex(tenantId, id))) await deps.register.clear(tenantId, year, id);
  }
}
