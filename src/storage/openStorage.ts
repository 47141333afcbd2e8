import { resolve } from 'node:path';
import { ALREADY_DURABLE, type DurabilityBarrier } from '../app/ports';
import type { ExportRequests, ExportSource, IncidentDirectory, Versioned } from '../app/ports';
import type { BreachCase } from '../domain/case';
import type { AuditLog, CaseNumberAllocator, CaseRepository, DraftRepository, HealthProbe, RegisterIndex, ScheduleIndex, UnitDirectory, AccessReviewStore } from '../app/ports';
import { TableRegisterIndex } from './tableRegisterIndex';
import { startEmbeddedAzurite } from './embeddedAzurite';
import { TableAuditLog } from './tableAuditLog';
import { TableCaseNumberAllocator } from './tableCaseNumberAllocator';
import { TableCaseRepository } from './tableCaseRepository';
import { openTables, type RequestCounter, type TableSource } from './tableClients';
import type { TokenCredential } from '@azure/identity';
import { managedIdentityCredential } from './tableCredential';
import { TableDraftRepository } from './tableDraftRepository';
import { TableHealthProbe } from './tableHealthProbe';
import { TableUnitDirectory } from './tableUnitDirectory';
import { CachedIncidentDirectory } from './cachedIncidentDirectory';
import { CachedUnitDirectory } from './cachedUnitDirectory';
import { TableScheduleIndex } from './tableScheduleIndex';
import { TableAccessReviewStore } from './tableAccessReviewStore';
import { TableExportRequests } from './tableExportRequests';
import { TableIncidentDirectory } from './tableIncidentDirectory';
import { TablePeopleDirectory } from './tablePeopleDirectory';
import type { PeopleDirectory } from '../app/peopleDirectory';
import { TableNameAliases } from './tableNameAliases';
import type { NameAliases, RepeatFinder } from '../app/ports';

export interface Storage {
  cases: CaseRepository;
  drafts: DraftRepository;
  numbers: CaseNumberAllocator;
  audit: AuditLog;
  units: UnitDirectory;
  schedule: ScheduleIndex;
  reviews: AccessReviewStore;
  register: RegisterIndex;
  /** The export's streamed reads and its offered requests. */
  exportSource: ExportSource;
  exports: ExportRequests;
  /** The tenant's active known incidents (issue 10). */
  incidents: IncidentDirectory;
  /** People who have the app as a personal app, and the manager each named last (issue 18). */
  people: PeopleDirectory;
  /** The repeat query over the register index and the central group's merged spellings (issue 18 part 4). */
  repeats: RepeatFinder;
  names: NameAliases;
  /** Every closed case, streamed: the retention backfill at start (src/app/retentionBackfill.ts). */
  closedCases(): AsyncIterable<Versioned<BreachCase>>;
  health: HealthProbe;
  /**
   * Resolves when every write answered so far would survive a kill -9: the embedded store writes its
   * file; a configured account is treated as durable when it answers (true of Azure Table Storage; a standalone
   * Azurite is a test double with LokiJS's 5 s autosave).
   */
  durability: DurabilityBarrier;
  /** Where the data is, for the start banner (never the account key). */
  description: string;
  /** The connection string of the store, or undefined when it is reached with a managed identity. */
  connectionString?: string;
  close(): Promise<void>;
}

/**
 * A configured account (Azure Table Storage, or any Azurite), or else an Azurite table server
 * embedded in this process that persists under dataDir: for a laptop or a pilot, not production.
 */
export interface StorageOptions {
  /** AZURE_TABLES_CONNECTION_STRING. */
  connectionString?: string;
  /** AZURE_TABLES_ACCOUNT_URL (+ AZURE_CLIENT_ID): Azure AD with the managed identity. */
  account?: { url: string; managedIdentityClientId?: string };
  dataDir: string;
  prefix?: string;
  counter?: RequestCounter;
  /** Tests: a credential in place of the managed identity. */
  credential?: TokenCredential;
  /** Tests: the CA of a local https Table endpoint. */
  trustedCa?: string;
}

export async function openStorage(opts: StorageOptions): Promise<Storage> {
  let connectionString = opts.connectionString;
  let source: TableSource = connectionString ?? '';
  let description = 'Azure Table Storage (AZURE_TABLES_CONNECTION_STRING)';
  let closeEmbedded = async () => {};
  let durability: DurabilityBarrier = ALREADY_DURABLE;
  if (opts.account) {
    if (connectionString) throw new Error('storage: a connection string and an account URL were both given');
    source = { accountUrl: opts.account.url, credential: opts.credential ?? managedIdentityCredential(opts.account.managedIdentityClientId) };
    description = `Azure Table Storage at ${opts.account.url} (managed identity${opts.account.managedIdentityClientId ? ' ' + opts.account.managedIdentityClientId : ''})`;
  } else if (!connectionString) {
    const dataDir = resolve(opts.dataDir);
    const embedded = await startEmbeddedAzurite({ dataDir });
    connectionString = embedded.connectionString;
    source = connectionString;
    closeEmbedded = () => embedded.close();
    durability = embedded.durability;
    description = `embedded Azurite on 127.0.0.1:${embedded.port}, data in ${dataDir}`;
  }
  try {
    const tables = await openTables(source, { prefix: opts.prefix, counter: opts.counter, trustedCa: opts.trustedCa });
    const register = new TableRegisterIndex(tables.register);
    const cases = new TableCaseRepository(tables.cases, register);
    const audit = new TableAuditLog(tables.audit);
    return {
      cases,
      register,
      drafts: new TableDraftRepository(tables.drafts),
      numbers: new TableCaseNumberAllocator(tables.counters),
      audit,
      exportSource: {
        casesReportedBetween: (tenantId, from, to) => cases.reportedBetween(tenantId, from, to),
        auditBetween: (tenantId, from, to) => audit.listForPeriod(tenantId, from, to),
      },
      exports: new TableExportRequests(tables.exports),
      incidents: new CachedIncidentDirectory(new TableIncidentDirectory(tables.incidents)),
      people: new TablePeopleDirectory(tables.people),
      repeats: register,
      names: new TableNameAliases(tables.register),
      closedCases: () => cases.closedCases(),
      units: new CachedUnitDirectory(new TableUnitDirectory(tables.units)),
      schedule: new TableScheduleIndex(tables.schedule),
      reviews: new TableAccessReviewStore(tables.reviews),
      health: new TableHealthProbe(tables.probe),
      durability,
      description,
      connectionString,
      close: closeEmbedded,
    };
  } catch (error) {
    await closeEmbedded();
    throw error;
  }
}
