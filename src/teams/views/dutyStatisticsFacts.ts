import type { Locale } from '../../domain/case';
import type { DutyStatistics } from '../../domain/register/dutyStatistics';
import { nis2Texts } from '../../i18n/nis2Texts';

/** `statistik`'s duties (issue 18, part 3): one fact per duty some case had, «3 opfyldt rettidigt · 1 opfyldt for sent · …». */
export function dutyFacts(duties: DutyStatistics | undefined, locale: Locale): { dutiesTitle: string; dutyFacts: { title: string; value: string }[] } {
  const t = nis2Texts(locale);
  const facts = (duties ?? [])
    .filter((d) => Object.values(d.counts).some((n) => n > 0))
    .map((d) => ({
      title: t.duty[d.duty],
      value: (Object.entries(d.counts) as [keyof typeof d.counts, number][]).map(([outcome, n]) => `${n} ${t.outcome[outcome]}`).join(' · '),
    }));
  return { dutiesTitle: locale === 'en' ? 'Duties: met in time, late, open, not met' : 'Pligter: opfyldt rettidigt, for sent, åbne, ikke opfyldt', dutyFacts: facts };
}
