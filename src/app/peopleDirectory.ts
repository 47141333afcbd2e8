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
}

export interface PeopleDirectory {
  get(tenantId: string, aadObjectId: string): Promise<PersonEntry | null>;
  /** The person whose mail or UPN is `mail` (case-insensitive), if they have the app. */
  findByMail(tenantId: string, mail: string): Promise<PersonEntry | null>;
  /** Creates or updates the given fields (a merge: fields not given stay). */
  remember(entry: Pick<PersonEntry, 'tenantId' | 'aadObjectId'> & Partial<PersonEntry>): Promise<void>;
  /** Sets (or, with null, forgets) the nearest manager a person named. */
  rememberManager(tenantId: string, aadObjectId: string, manager: ManagerRef | null): Promise<void>;
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
    const defined = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
    this.rows.set(k, { ...old, ...defined });
  }
  async rememberManager(tenantId: string, aadObjectId: string, manager: ManagerRef | null) {
    const k = this.key(tenantId, aadObjectId);
    const old = this.rows.get(k) ?? { tenantId, aadObjectId, teamsUserId: '', name: '', email: '', userPrincipalName: '' };
    const { manager: _old, ...rest } = old;
    this.rows.set(k, manager ? { ...rest, manager } : rest);
  }
  async forget(tenantId: string, aadObjectId: string) {
    this.rows.delete(this.key(tenantId, aadObjectId));
  }
}
