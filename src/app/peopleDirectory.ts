import type { ConversationAddress, Locale } from '../domain/case';
import type { ManagerRef } from '../domain/nearestManager';

/**
 * A person who has Brudvagt as a personal app (issue 18): Teams lets a bot message only people who have it
 * installed, so this is who a manager can be reached as. Written when the app is installed for the person
 * (by them or by an app setup policy: Teams then sends the same conversationUpdate) and whenever they report;
 * removed when the app is uninstalled. One row per tenant and Entra object id.
 */
export interface PersonEntry {
  tenantId: string;
  aadObjectId: string;
  /** Teams user id (29:…), to address them in their chat. */
  teamsUserId: string;
  name: string;
  /** Mail and UPN as Teams gives them (TeamsInfo.getMember), lower-cased; '' when unknown. */
  email: string;
  userPrincipalName: string;
  /** Their Teams language when last seen: the manager's messages are in it (Danish when unknown). */
  locale?: Locale;
  /** Their 1:1 chat with the bot. */
  address?: ConversationAddress;
  /**
   * The nearest manager they named on their last report: prefilled on the next form, changed by naming
   * another, forgotten by leaving the fields empty.
   */
  manager?: ManagerRef;
  /** When the report that named it was made: retention forgets it with that report (forgetManagerUpTo). */
  managerAt?: string;
}

export interface PeopleDirectory {
  get(tenantId: string, aadObjectId: string): Promise<PersonEntry | null>;
  /** The person whose mail or UPN is `mail` (case-insensitive), if they have the app. */
  findByMail(tenantId: string, mail: string): Promise<PersonEntry | null>;
  /** Creates or updates the given fields (a merge: fields not given stay). */
  remember(entry: Pick<PersonEntry, 'tenantId' | 'aadObjectId'> & Partial<PersonEntry>): Promise<void>;
  /** Sets (or, with null, forgets) the nearest manager a person named, on their row if they have one (never creates it). */
  rememberManager(tenantId: string, aadObjectId: string, manager: ManagerRef | null, at: string): Promise<void>;
  /**
   * Retention anonymized a report of this person made at `reportedAt`: the manager remembered from it (or
   * from an older report) is forgotten with it; one named by a newer report stays. Idempotent.
   */
  forgetManagerUpTo(tenantId: string, aadObjectId: string, reportedAt: string): Promise<void>;
  /** The app was uninstalled for the person: they cannot be messaged any more. Missing is fine. */
  forget(tenantId: string, aadObjectId: string): Promise<void>;
}

/** In memory: unit tests and a directory-less deployment's fallback. */
export class MemoryPeopleDirectory implements PeopleDirectory {
  readonly rows = new Map<string, PersonEntry>();
  private key = (tenantId: string, aad: string) => `${tenantId}\u0000${aad.toLowerCase()}`;
  async get(tenantId: string, aadObjectId: string) {
    return this.rows.get(this.key(tenantId, aadObjectId)) ?? null;
  }
  async findByMail(tenantId: string, mail: string) {
    const m = mail.trim().toLowerCase();
    for (const row of this.rows.values()) if (row.tenantId === tenantId && m !== '' && (row.email === m || row.userPrincipalName === m) && row.address) return row;
    return null;
  }
  async remember(entry: Pick<PersonEntry, 'tenantId' | 'aadObjectId'> & Partial<PersonEntry>) {
    const k = this.key(entry.tenantId, entry.aadObjectId);
    const old = this.rows.get(k) ?? { tenantId: entry.tenantId, aadObjectId: entry.aadObjectId, teamsUserId: '', name: '', email: '', userPrincipalName: '' };
    const defined = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as Partial<PersonEntry>;
    // As the table stores them: ids, mail and UPN lower-cased.
    for (const f of ['aadObjectId', 'email', 'userPrincipalName'] as const) if (defined[f] !== undefined) defined[f] = defined[f]!.toLowerCase();
    this.rows.set(k, { ...old, ...defined });
  }
  async rememberManager(tenantId: string, aadObjectId: string, manager: ManagerRef | null, at: string) {
    const k = this.key(tenantId, aadObjectId);
    const old = this.rows.get(k);
    if (!old) return;
    const { manager: _old, managerAt: _at, ...rest } = old;
    this.rows.set(k, manager ? { ...rest, manager, managerAt: at } : rest);
  }
  async forgetManagerUpTo(tenantId: string, aadObjectId: string, reportedAt: string) {
    const old = this.rows.get(this.key(tenantId, aadObjectId));
    if (old?.manager && (old.managerAt ?? '') <= reportedAt) await this.rememberManager(tenantId, aadObjectId, null, '');
  }
  async forget(tenantId: string, aadObjectId: string) {
    this.rows.delete(this.key(tenantId, aadObjectId));
  }
}
