/**
 * The repeat counts of a case (issue 18 part 4), counted when it is reported (confirmReport) and when
 * it is assessed (actOnCase): the other cases of the last 12 months that name the same system or the
 * same supplier, merged spellings included, as a snapshot stored on the case (src/domain/register/repeats.ts).
 *
 * Cost: nothing for a report without a system and a supplier (most: a mail to the wrong recipient); else
 * ONE query of the register index (the tenant rows of the window's two report years, filtered by key;
 * src/storage/tableRegisterIndex.ts namedRows; more only when the window holds more matches than it reads
 * at once, and then the newest are kept and the count says «mindst»), plus the tenant's merges, which an instance keeps for 30 s
 * (one partition read when not cached). The count never fails a report or an assessment: when the store
 * does not answer, the card goes without it (and the next assessment counts again).
 */
import type { BreachCase } from '../domain/case';
import { instantToCopenhagenParts } from '../domain/copenhagenTime';
import { aliasMap } from '../domain/register/nameAliases';
import { namesOf, repeatSnapshot, windowStart, type RepeatSnapshot } from '../domain/register/repeats';
import type { NameAliases, RepeatFinder } from './ports';

export interface RepeatDeps {
  repeats: RepeatFinder;
  names: NameAliases;
}

export async function countRepeats(deps: RepeatDeps, c: Pick<BreachCase, 'id' | 'tenantId' | 'report'>, now: Date): Promise<RepeatSnapshot | undefined> {
  const own = namesOf(c.report);
  if (own.system === '' && own.supplier === '') return undefined;
  try {
    const map = aliasMap(await deps.names.list(c.tenantId));
    const keys = { system: map.group('system', own.system), supplier: map.group('supplier', own.supplier) };
    const from = windowStart(now);
    const fromYear = instantToCopenhagenParts(from).year;
    const toYear = instantToCopenhagenParts(now).year;
    const found = await deps.repeats.named(c.tenantId, fromYear, toYear, keys, from.toISOString());
    return repeatSnapshot(c.id, c.report, found.rows, keys, now, found.complete);
  } catch {
    return undefined;
  }
}
