/**
 * `eksport [år] [csv]` and `eksport log <fra> <til>`: the register (XLSX or CSV) or the audit trail of a
 * period (CSV) as a file, delivered the Teams way. Asked in a registered channel, the export is offered
 * with a file consent card in the person's 1:1 chat; only on "accept" is the file built again and
 * uploaded to the URL Teams gives. Decline writes nothing.
 *
 * Who: as for the register (registerAccess.ts): central members and administrators the whole tenant, a
 * unit's members their unit; the audit trail central only. Access is checked when asked AND again on
 * accept (live roster): someone removed from the team in between gets no file.
 * Audited: the offer, the refusal, the upload (with filter and row count), the decline, a failure.
 */
import { inRegisterScope } from '../domain/visibility';
import { randomUUID } from 'node:crypto';
import type { Locale, Person } from '../domain/case';
import { copenhagenLocalToInstant } from '../domain/copenhagenTime';
import { exportColumns, statisticsRows, type ExportCell, type ExportLabels } from '../domain/register/exportColumns';
import { registerRecord, type RegisterRecord } from '../domain/register/record';
import { registerStatistics } from '../domain/register/statistics';
import { dutyStatistics } from '../domain/register/dutyStatistics';
import { exportLabels } from '../i18n/exportTexts';
import { repeatsTexts } from '../i18n/repeatsTexts';
import { aliasMap } from '../domain/register/nameAliases';
import { nameSheet } from '../domain/register/nameSheet';
import { nameStatistics } from '../domain/register/nameStatistics';
import { auditWords } from '../i18n/auditWords';
import { ConcurrencyError, type AuditEntry, type ExportFileWriter, type ExportRequest, type ExportRequests, type ExportSource, type Roster, type UnitRegistration } from './ports';
import { auditRegister, registerAccess, registerTarget, type RegisterDeps, type RegisterRefusal, type RegisterViewer } from './registerAccess';

export interface ExportDeps extends RegisterDeps {
  source: ExportSource;
  exports: ExportRequests;
  files: ExportFileWriter;
  /** Files built for an offer, kept briefly so the accept uploads what the consent card described. */
  built?: BuiltExportCache;
}

/**
 * The file an offer built (its size and row count are on the consent card), kept in this instance's
 * memory for a few minutes: an accept that reaches the same instance uploads exactly those bytes
 * without reading the register again. Another instance, a restart or a late accept builds it anew
 * from the data then. Memory only (the file holds the register's free text), at most a few files.
 */
export class BuiltExportCache {
  private readonly files = new Map<string, { built: BuiltExport; until: number }>();
  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly maxFiles = 4,
  ) {}

  put(id: string, built: BuiltExport, now: Date): void {
    this.files.delete(id);
    this.files.set(id, { built, until: now.getTime() + this.ttlMs });
    while (this.files.size > this.maxFiles) this.files.delete(this.files.keys().next().value as string);
  }

  /** The file, once: taken out, so it is not kept after its upload. */
  take(id: string, now: Date): BuiltExport | null {
    const entry = this.files.get(id);
    this.files.delete(id);
    for (const [key, e] of this.files) if (e.until <= now.getTime()) this.files.delete(key);
    return entry && entry.until > now.getTime() ? entry.built : null;
  }
}

/** A consent card can be answered for a day; after that the person asks again (the data moved on). */
export const OFFER_VALID_MS = 24 * 3_600_000;
/** An upload claim older than this was left by a crashed instance: the export may be accepted again. */
export const UPLOAD_CLAIM_MS = 5 * 60_000;
/** Audit exports: at most a year and a day, so one request cannot scan the tenant's whole history. */
export const AUDIT_PERIOD_MAX_DAYS = 366;

export type ExportCommand = { kind: 'register'; year: number; format: ExportRequest['format'] } | { kind: 'audit'; from: string; to: string };

export interface BuiltExport {
  bytes: Buffer;
  rows: number;
}

export type OfferResult =
  | { kind: 'offered'; request: ExportRequest; sizeInBytes: number; rows: number }
  | { kind: 'refused'; reason: RegisterRefusal }
  | { kind: 'invalid_period' };

export type AcceptResult =
  | { kind: 'done'; request: ExportRequest; rows: number }
  | { kind: 'not_found' | 'not_requester' | 'declined' | 'expired' | 'in_progress' | 'already_done' | 'upload_failed' }
  | { kind: 'refused'; reason: RegisterRefusal };

const dayStart = (date: string) => copenhagenLocalToInstant(date, '00:00');

function nextDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The period of an audit export: from the first day's start to the end of the last (both inclusive). */
export function auditPeriod(from: string, to: string): { from: Date; to: Date } | null {
  const start = dayStart(from);
  const end = dayStart(nextDay(to));
  if (!start || !end || end.getTime() <= start.getTime()) return null;
  if (end.getTime() - start.getTime() > (AUDIT_PERIOD_MAX_DAYS + 1) * 86_400_000) return null;
  return { from: start, to: end };
}

function fileNameOf(command: ExportCommand, registration: UnitRegistration, locale: Locale, central: boolean): string {
  if (command.kind === 'audit') return `${locale === 'da' ? 'adgangslog' : 'audit-log'}-${command.from}-${command.to}.csv`;
  const unit = central ? '' : `-${registration.id}`;
  return `${locale === 'da' ? 'brudregister' : 'breach-register'}-${command.year}${unit}.${command.format}`;
}

function filterCode(r: ExportRequest, scope: string): string {
  return r.kind === 'audit' ? `kind=audit from=${r.from} to=${r.to}` : `kind=register year=${r.year} scope=${scope} format=${r.format}`;
}

const scopeCode = (registration: UnitRegistration, central: boolean) => (central ? 'all' : `unit:${registration.id}`);

export async function offerExport(deps: ExportDeps, tenantId: string, viewer: RegisterViewer, command: ExportCommand): Promise<OfferResult> {
  const action = command.kind === 'audit' ? 'audit.export.offer' : 'register.export.offer';
  const period = command.kind === 'audit' ? auditPeriod(command.from, command.to) : null;
  if (command.kind === 'audit' && !period) return { kind: 'invalid_period' };
  const access = await registerAccess(deps, tenantId, viewer, { centralOnly: command.kind === 'audit' });
  if (!access.ok) {
    await auditRegister(deps, tenantId, viewer.person, action, registerTarget(access), 'refused', access.reason);
    return { kind: 'refused', reason: access.reason };
  }
  const locale = access.registration.locale;
  const now = deps.clock.now();
  const request: ExportRequest = {
    id: randomUUID(),
    tenantId,
    kind: command.kind,
    requester: viewer.person,
    channel: access.registration.channel,
    locale,
    format: command.kind === 'audit' ? 'csv' : command.format,
    ...(command.kind === 'audit' ? { from: command.from, to: command.to } : { year: command.year }),
    fileName: fileNameOf(command, access.registration, locale, access.central),
    createdAt: now.toISOString(),
    state: 'offered',
  };
  // Built once here for the consent card's size and row count; built again on accept, from the data then.
  const built = await buildExport(deps, request, access.registration, access.central);
  await deps.exports.create(request);
  deps.built?.put(request.id, built, now);
  await auditRegister(deps, tenantId, viewer.person, action, registerTarget(access), 'allowed', `${filterCode(request, scopeCode(access.registration, access.central))} rows=${built.rows}`);
  return { kind: 'offered', request, sizeInBytes: built.bytes.length, rows: built.rows };
}

/**
 * The person pressed "accept": claim the request (two presses or a Teams retry upload once), check
 * access again, build, upload, record. `upload` puts the bytes where Teams said.
 */
export async function acceptExport(
  deps: ExportDeps,
  tenantId: string,
  person: Person,
  roster: Roster,
  requestId: string,
  upload: (bytes: Buffer, request: ExportRequest) => Promise<void>,
): Promise<AcceptResult> {
  const found = await deps.exports.get(tenantId, requestId);
  if (!found) return { kind: 'not_found' };
  const request = found.value;
  const action = request.kind === 'audit' ? 'audit.export' : 'register.export';
  const target = (r: ExportRequest) => `register:${r.kind === 'audit' ? 'audit' : 'export'}:${r.id}`;
  if (request.requester.aadObjectId !== person.aadObjectId) {
    await auditRegister(deps, tenantId, person, action, target(request), 'refused', 'not_requester');
    return { kind: 'not_requester' };
  }
  const now = deps.clock.now();
  if (request.state === 'done') return { kind: 'already_done' };
  if (request.state === 'declined') return { kind: 'declined' };
  if (request.state === 'uploading' && request.claimUntil && Date.parse(request.claimUntil) > now.getTime()) return { kind: 'in_progress' };
  if (now.getTime() - Date.parse(request.createdAt) > OFFER_VALID_MS) return { kind: 'expired' };

  let claimed: { value: ExportRequest; etag: string };
  try {
    claimed = await deps.exports.update({ ...request, state: 'uploading', claimUntil: new Date(now.getTime() + UPLOAD_CLAIM_MS).toISOString() }, found.etag);
  } catch (error) {
    if (error instanceof ConcurrencyError) return { kind: 'in_progress' };
    throw error;
  }
  const release = async () => {
    try {
      await deps.exports.update({ ...request, state: 'offered' }, claimed.etag);
    } catch {
      // the claim expires on its own
    }
  };

  const access = await registerAccess(deps, tenantId, { person, channel: request.channel, roster }, { centralOnly: request.kind === 'audit' });
  if (!access.ok) {
    await release();
    await auditRegister(deps, tenantId, person, action, registerTarget(access), 'refused', access.reason);
    return { kind: 'refused', reason: access.reason };
  }
  let built: BuiltExport;
  try {
    built = deps.built?.take(request.id, deps.clock.now()) ?? (await buildExport(deps, request, access.registration, access.central));
    await upload(built.bytes, request);
  } catch (error) {
    await release();
    await auditRegister(deps, tenantId, person, action, registerTarget(access), 'refused', `failed ${filterCode(request, scopeCode(access.registration, access.central))}`);
    if (error instanceof UploadError) return { kind: 'upload_failed' };
    throw error;
  }
  const done: ExportRequest = { ...request, state: 'done', rows: built.rows, finishedAt: deps.clock.now().toISOString() };
  delete done.claimUntil;
  try {
    await deps.exports.update(done, claimed.etag);
  } catch {
    // The file is uploaded and audited below; a stale state only lets a second accept upload it again.
  }
  await auditRegister(deps, tenantId, person, action, registerTarget(access), 'allowed', `${filterCode(request, scopeCode(access.registration, access.central))} rows=${built.rows} file=${request.fileName}`);
  return { kind: 'done', request: done, rows: built.rows };
}

export async function declineExport(deps: ExportDeps, tenantId: string, person: Person, requestId: string): Promise<'declined' | 'not_found' | 'not_requester' | 'too_late'> {
  const found = await deps.exports.get(tenantId, requestId);
  if (!found) return 'not_found';
  const request = found.value;
  const action = request.kind === 'audit' ? 'audit.export.declined' : 'register.export.declined';
  if (request.requester.aadObjectId !== person.aadObjectId) {
    await auditRegister(deps, tenantId, person, action, `register:export:${request.id}`, 'refused', 'not_requester');
    return 'not_requester';
  }
  if (request.state === 'done' || request.state === 'uploading') return 'too_late';
  if (request.state !== 'declined') {
    try {
      await deps.exports.update({ ...request, state: 'declined', finishedAt: deps.clock.now().toISOString() }, found.etag);
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      return 'too_late';
    }
    await auditRegister(deps, tenantId, person, action, `register:export:${request.id}`, 'allowed', request.kind === 'audit' ? `kind=audit from=${request.from} to=${request.to}` : `kind=register year=${request.year}`);
  }
  return 'declined';
}

/** Thrown by an uploader when the upload URL refused or could not be reached. */
export class UploadError extends Error {
  constructor(readonly status?: number) {
    super(`upload failed${status ? ` (${status})` : ''}`);
    this.name = 'UploadError';
  }
}

/** The file of a request, from the data as it is now. */
export async function buildExport(deps: ExportDeps, request: ExportRequest, registration: UnitRegistration, central: boolean): Promise<BuiltExport> {
  const labels = exportLabels(request.locale);
  if (request.kind === 'audit') return buildAuditExport(deps, request, labels);
  const year = request.year ?? deps.clock.now().getUTCFullYear();
  const from = copenhagenLocalToInstant(`${year}-01-01`, '00:00')!;
  const to = copenhagenLocalToInstant(`${year + 1}-01-01`, '00:00')!;
  const now = deps.clock.now();
  // The records are gathered and sorted by case number (a register is read in order); they are
  // plain strings, about 3 KB a case, so 10,000 cases stay well inside the memory target.
  const records: RegisterRecord[] = [];
  for await (const c of deps.source.casesReportedBetween(request.tenantId, from, to)) {
    // The one visibility policy: a unit's export holds the cases of its unit (each of them its channel can open).
    if (!inRegisterScope(c, central ? { kind: 'all' } : { kind: 'unit', unitId: registration.id })) continue;
    records.push(registerRecord(c, now));
  }
  records.sort((a, b) => a.sequence - b.sequence || a.number.localeCompare(b.number));
  const unitNames = new Map((await deps.units.list(request.tenantId)).map((u) => [u.id, u.name] as const));
  const columns = exportColumns(labels, unitNames);
  const spec = { name: labels.sheetCases, columns };
  async function* rows(): AsyncIterable<ExportCell[]> {
    for (const r of records) yield columns.map((c) => c.cell(r));
  }
  if (request.format === 'csv') return { bytes: await deps.files.csv(spec, rows(), request.locale), rows: records.length };
  // «Systemer og leverandører» (issue 18 part 4): a third sheet, merged spellings as one. XLSX only: the
  // CSV stays one table a tool can read (its rows carry the system and the supplier of every case).
  const aliases = aliasMap(deps.names ? await deps.names.list(request.tenantId) : []);
  const words = repeatsTexts(request.locale);
  const names = () => [nameSheet(nameStatistics(records, aliases), year, { ...words.export, kinds: words.kindsTitle })];
  const bytes = await deps.files.xlsx(spec, rows(), () => {
    const stats = statisticsRows(registerStatistics(records, now), labels, unitNames, dutyStatistics(records));
    return {
      spec: { name: labels.sheetStatistics, columns: [{ header: labels.statistics.figure, width: 50 }, { header: labels.statistics.value, width: 12 }] },
      rows: stats.map(([label, value]) => [{ kind: 'text', text: label }, value]),
    };
  }, names);
  return { bytes, rows: records.length };
}

/** How many distinct cases of an audit export get their case number looked up (1 read each). */
const AUDIT_NUMBER_LOOKUPS = 5_000;

async function buildAuditExport(deps: ExportDeps, request: ExportRequest, labels: ExportLabels): Promise<BuiltExport> {
  const period = auditPeriod(request.from ?? '', request.to ?? '');
  if (!period) return { bytes: await deps.files.csv({ name: '', columns: [] }, (async function* () {})(), request.locale), rows: 0 };
  const entries: AuditEntry[] = [];
  for await (const e of deps.source.auditBetween(request.tenantId, period.from, period.to)) entries.push(e);
  entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  // Audit rows name a case by its id; the DPO reads case numbers. Register reads name `register:…`.
  const ids = [...new Set(entries.map((e) => e.caseId).filter((id) => !id.startsWith('register:')))].slice(0, AUDIT_NUMBER_LOOKUPS);
  const numbers = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 8) {
    await Promise.all(
      ids.slice(i, i + 8).map(async (id) => {
        const found = await deps.cases.get(request.tenantId, id);
        if (found) numbers.set(id, found.value.number);
      }),
    );
  }
  const h = labels.audit;
  const columns = [h.at, h.actor, h.actorId, h.what, h.outcome, h.caseNumber, h.target, h.actionCode, h.outcomeCode, h.detail];
  const spec = { name: h.sheet, columns: columns.map((header) => ({ header, width: 20 })) };
  const t = (s: string | undefined): ExportCell => (s ? { kind: 'text', text: s } : { kind: 'empty' });
  async function* rows(): AsyncIterable<ExportCell[]> {
    for (const e of entries) {
      // In words for the DPO, then the codes as stored (never rewritten: old rows read the same way).
      const words = auditWords(e, request.locale);
      yield [{ kind: 'instant', at: e.at }, t(e.actorName), t(e.actorAadId), t(words.what), t(words.outcome), t(numbers.get(e.caseId)), t(e.caseId), t(e.action), t(e.outcome), t(e.detail)];
    }
  }
  return { bytes: await deps.files.csv(spec, rows(), request.locale), rows: entries.length };
}
