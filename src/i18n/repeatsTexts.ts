/**
 * The words of «the same system, the same supplier, again» (issue 18 part 4): the repeat counts on the
 * case card, the `flet`/`merge`, `fjern fletning`/`unmerge` and `navne`/`names` answers, and the
 * «Systemer og leverandører» section of `statistik` and of the export. Danish by default, English when
 * the Teams locale is English.
 */
import type { Locale } from '../domain/case';

const da = {
  card: {
    system: 'Samme system, 12 mdr.',
    supplier: 'Samme leverandør, 12 mdr.',
    none: 'Ingen andre brud de sidste 12 måneder',
    one: '1 andet brud: {numbers}',
    many: '{count} andre brud: {numbers}',
    more: '… og {count} flere',
    countOnly: '{count} andre brud de sidste 12 måneder',
    oneOnly: '1 andet brud de sidste 12 måneder',
    // The count when more matched than one count reads (the newest are listed): a floor, said as one.
    manyAtLeast: 'mindst {count} andre brud: {numbers}',
    countOnlyAtLeast: 'mindst {count} andre brud de sidste 12 måneder',
  },
  kinds: { system: 'system', supplier: 'leverandør' },
  kindsTitle: { system: 'System', supplier: 'Leverandør' },
  merge: {
    done: 'Flettet: {kind} «{from}» tælles nu som «{into}» i gentagelser, statistik og eksport. Fortryd med «@Brudvagt fjern fletning {kind} "{from}"».',
    same: '«{from}» og «{into}» tælles allerede som det samme {kind}navn.',
    emptyName: 'Det navn kan Brudvagt ikke bruge: skriv et navn med bogstaver eller tal (ikke «ved ikke» eller et firmaform alene).',
    usage: 'Skriv f.eks. «@Brudvagt flet leverandør "KMD Danmark" "KMD"» eller «@Brudvagt flet system "Opus Økonomi" "Opus"» – det første navn tælles som det andet. Navnene i anførselstegn, højst {max} tegn hver.',
    centralOnly: 'Kun den centrale sikkerhedsgruppe kan flette navne og se de flettede navne – skriv kommandoen i den centrale kanal. Forsøget er registreret.',
    undone: 'Fletningen er fjernet: {kind} «{from}» tælles igen for sig selv.',
    notMerged: '{kind} «{from}» er ikke flettet med et andet navn.',
    unmergeUsage: 'Skriv f.eks. «@Brudvagt fjern fletning leverandør "KMD Danmark"».',
  },
  names: {
    title: 'Flettede navne (systemer og leverandører)',
    line: '{kind}: «{from}» tælles som «{into}» – {by}, {at}',
    none: 'Ingen navne er flettet. Navne, der kun adskiller sig i store/små bogstaver, mellemrum, tegnsætning eller firmaform (A/S, ApS …), tælles allerede som ét.',
  },
  statistics: {
    heading: 'Systemer og leverandører',
    systems: 'Systemer',
    suppliers: 'Leverandører',
    line: '{count} brud ({notified} anmeldt til Datatilsynet, {notNotified} ikke)',
    none: 'Ingen sager med system eller leverandør i år.',
    more: '… og {count} navne mere (se eksporten)',
  },
  export: {
    sheet: 'Systemer og leverandører',
    kind: 'Art',
    name: 'Navn',
    year: 'År',
    cases: 'Brud',
    notified: 'Anmeldt til Datatilsynet',
    notNotified: 'Ikke anmeldt',
    spellings: 'Stavemåder',
    numbers: 'Sager',
    csvSection: 'Systemer og leverandører',
  },
};

const en: typeof da = {
  card: {
    system: 'Same system, 12 months',
    supplier: 'Same supplier, 12 months',
    none: 'No other breaches in the last 12 months',
    one: '1 other breach: {numbers}',
    many: '{count} other breaches: {numbers}',
    more: '… and {count} more',
    countOnly: '{count} other breaches in the last 12 months',
    oneOnly: '1 other breach in the last 12 months',
    manyAtLeast: 'at least {count} other breaches: {numbers}',
    countOnlyAtLeast: 'at least {count} other breaches in the last 12 months',
  },
  kinds: { system: 'system', supplier: 'supplier' },
  kindsTitle: { system: 'System', supplier: 'Supplier' },
  merge: {
    done: 'Merged: {kind} "{from}" now counts as "{into}" in repeats, statistics and the export. Undo with "@Brudvagt unmerge {kind} "{from}"".',
    same: '"{from}" and "{into}" already count as the same {kind} name.',
    emptyName: 'Brudvagt cannot use that name: type a name with letters or digits (not "unknown" or a company form alone).',
    usage: 'Type e.g. "@Brudvagt merge supplier "KMD Danmark" "KMD"" or "@Brudvagt merge system "Opus Økonomi" "Opus"" – the first name counts as the second. The names in quotes, at most {max} characters each.',
    centralOnly: 'Only the central security group can merge names and see the merged names – type the command in the central channel. The attempt is logged.',
    undone: 'The merge is removed: {kind} "{from}" counts on its own again.',
    notMerged: '{kind} "{from}" is not merged with another name.',
    unmergeUsage: 'Type e.g. "@Brudvagt unmerge supplier "KMD Danmark"".',
  },
  names: {
    title: 'Merged names (systems and suppliers)',
    line: '{kind}: "{from}" counts as "{into}" – {by}, {at}',
    none: 'No names are merged. Names that differ only in case, spacing, punctuation or company form (A/S, ApS …) already count as one.',
  },
  statistics: {
    heading: 'Systems and suppliers',
    systems: 'Systems',
    suppliers: 'Suppliers',
    line: '{count} breaches ({notified} notified to Datatilsynet, {notNotified} not)',
    none: 'No cases with a system or supplier this year.',
    more: '… and {count} more names (see the export)',
  },
  export: {
    sheet: 'Systems and suppliers',
    kind: 'Kind',
    name: 'Name',
    year: 'Year',
    cases: 'Breaches',
    notified: 'Notified to Datatilsynet',
    notNotified: 'Not notified',
    spellings: 'Spellings',
    numbers: 'Cases',
    csvSection: 'Systems and suppliers',
  },
};

export type RepeatsTexts = typeof da;

export function repeatsTexts(locale: Locale): RepeatsTexts {
  return locale === 'en' ? en : da;
}
