/**
 * Spellings the central group merged (`flet system "A" "B"`, `flet leverandør "A" "B"`): after nameKey
 * has done what it can, «KMD Danmark» and «KMD» are still two names until someone who knows says they
 * are one. A merge maps the key of the first spelling to the key of the second; counts, statistics and
 * the export group by the resolved key and show the merge target's name. Pure.
 */
import { nameKey } from './nameKey';

export type NameKind = 'system' | 'supplier';
export const NAME_KINDS: readonly NameKind[] = ['system', 'supplier'];

/** One merge as stored per tenant: `fromKey` counts as `toKey`. */
export interface NameAlias {
  kind: NameKind;
  fromKey: string;
  toKey: string;
  /** The spellings as the central group typed them (shown by `navne` and as the group's name). */
  fromName: string;
  toName: string;
  by: string;
  at: string;
}

/** A tenant's merges, resolved: the key each key counts as, and the name a merged group is shown under. */
export interface AliasMap {
  resolve(kind: NameKind, key: string): string;
  /** Every key that resolves to the same key as `key` (itself included). */
  group(kind: NameKind, key: string): string[];
  /** The merge target's name, when `resolvedKey` is the target of a merge. */
  targetName(kind: NameKind, resolvedKey: string): string | undefined;
}

/** Chains are followed (A → B → C); a cycle (not made by `flet`, which refuses one) stops where it closes. */
const MAX_CHAIN = 20;

export function aliasMap(aliases: readonly NameAlias[]): AliasMap {
  const next = new Map<string, NameAlias>();
  for (const a of aliases) next.set(`${a.kind}|${a.fromKey}`, a);
  const resolve = (kind: NameKind, key: string): string => {
    let k = key;
    const seen = new Set<string>([k]);
    for (let i = 0; i < MAX_CHAIN; i++) {
      const a = next.get(`${kind}|${k}`);
      if (!a || seen.has(a.toKey)) return k;
      k = a.toKey;
      seen.add(k);
    }
    return k;
  };
  const targets = new Map<string, string>();
  for (const a of aliases) targets.set(`${a.kind}|${a.toKey}`, a.toName);
  return {
    resolve,
    group(kind, key) {
      if (key === '') return [];
      const root = resolve(kind, key);
      const keys = new Set<string>([key, root]);
      for (const a of aliases) if (a.kind === kind && resolve(kind, a.fromKey) === root) keys.add(a.fromKey);
      return [...keys];
    },
    targetName(kind, resolvedKey) {
      return targets.get(`${kind}|${resolvedKey}`);
    },
  };
}

export const NO_ALIASES: AliasMap = aliasMap([]);

export type MergeRefusal = 'empty_name' | 'same_name';

/**
 * The merge `flet <kind> "from" "into"` would store, or why not: both names must have a key, differ
 * after nameKey and merges (else they count as one already). That also refuses every cycle: a target
 * whose chain leads back to the spelling being merged resolves to the same key.
 */
export function planMerge(
  map: AliasMap,
  kind: NameKind,
  from: string,
  into: string,
  by: string,
  now: Date,
): { ok: true; alias: NameAlias } | { ok: false; reason: MergeRefusal } {
  const fromKey = nameKey(from);
  const toKey = nameKey(into);
  if (fromKey === '' || toKey === '') return { ok: false, reason: 'empty_name' };
  if (map.resolve(kind, fromKey) === map.resolve(kind, toKey)) return { ok: false, reason: 'same_name' };
  return { ok: true, alias: { kind, fromKey, toKey, fromName: from, toName: into, by, at: now.toISOString() } };
}
