/**
 * The system and supplier names of a case as the register index holds them (issue 18 part 4). An
 * anonymized case has none: retention erased both texts (src/domain/retention.ts; a supplier's contact
 * may be a person), and «[anonymiseret]» must not become one more «system» every old case shares.
 */
import type { BreachCase } from '../case';
import { maskCpr } from '../cpr';
import { nameLabel } from './nameKey';
import { namesOf } from './repeats';

export function namedIn(c: Pick<BreachCase, 'report' | 'anonymizedAt'>): { systemKey?: string; systemLabel?: string; supplierKey?: string; supplierLabel?: string } {
  if (c.anonymizedAt !== undefined) return {};
  const keys = namesOf(c.report);
  return {
    ...(keys.system ? { systemKey: keys.system, systemLabel: nameLabel(maskCpr(c.report.system)) } : {}),
    ...(keys.supplier ? { supplierKey: keys.supplier, supplierLabel: nameLabel(maskCpr(c.report.supplierName)) } : {}),
  };
}
