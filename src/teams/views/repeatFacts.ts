/**
 * The repeat counts as facts of the case card (issue 18 part 4): «Samme system, 12 mdr.: 2 andre brud:
 * BV-2026-0001, BV-2026-0002». Only what the card's channel may see (visibility.ts, repeatsSeen): the
 * central channel every repeat and the full count, a unit's channel its own unit's. Pure.
 */
import type { BreachCase, CasePost, Locale } from '../../domain/case';
import { formatCount } from '../../domain/personsEstimate';
import type { RepeatGroup } from '../../domain/register/repeats';
import { repeatsSeen } from '../../domain/visibility';
import { CENTRAL_UNIT } from '../../domain/unit';
import { fill } from '../../i18n';
import { repeatsTexts } from '../../i18n/repeatsTexts';

/** Numbers listed on the card per name; the rest are counted («… og 3 flere»). */
export const REPEAT_NUMBERS_SHOWN = 8;

/**
 * `compact`: the card is drawn short to stay within its budget (caseCardView's shortening steps): «none»
 * is left out there (the absence of a fact says as much) and a count goes without its numbers.
 */
export function repeatFacts(c: Pick<BreachCase, 'repeats'>, post: CasePost | undefined, locale: Locale, shown = REPEAT_NUMBERS_SHOWN, compact = false): { title: string; value: string }[] {
  const r = c.repeats;
  if (!r || post === undefined) return [];
  const t = repeatsTexts(locale).card;
  const fact = (title: string, g: RepeatGroup | null) => {
    if (!g) return [];
    const seen = repeatsSeen(g.cases, post);
    // The central channel counts every repeat found (also beyond those kept); a unit only those it sees.
    const central = post.viaCentral || post.unitId === CENTRAL_UNIT;
    const count = central ? Math.max(g.total, seen.length) : seen.length;
    // A floor, not a count: the register held more than one count reads (g.atLeast), or a unit sees only
    // its own among the REPEATS_KEPT newest while more were found.
    const atLeast = g.atLeast === true || (!central && g.total > g.cases.length);
    if (count === 0) return compact || atLeast ? [] : [{ title, value: t.none }];
    const n = formatCount(count, locale);
    if (compact) return [{ title, value: atLeast ? fill(t.countOnlyAtLeast, { count: n }) : count === 1 ? t.oneOnly : fill(t.countOnly, { count: n }) }];
    const listed = seen.slice(0, shown).map((x) => x.number);
    const rest = count - listed.length;
    const numbers = listed.join(', ') + (rest > 0 ? ` ${fill(t.more, { count: formatCount(rest, locale) })}` : '');
    return [{ title, value: atLeast ? fill(t.manyAtLeast, { count: n, numbers }) : count === 1 ? fill(t.one, { numbers }) : fill(t.many, { count: n, numbers }) }];
  };
  return [...fact(t.system, r.system), ...fact(t.supplier, r.supplier)];
}
