/**
 * The words of the information-security committee's part (issue 18, part 2): its registration, its card,
 * its reminders, what the coordinators' card and the register say about it. Danish is the default.
 * The risks and the roles are the Ishøj procedure's («Vurdering af risici for kommunen og kommunens omdømme»).
 */
import type { Locale } from '../domain/case';
import type { CrisisRole, MunicipalRisk } from '../domain/committee';
import type { CommitteeExportLabels } from '../domain/register/committeeRecord';

const da = {
  risks: {
    media: 'Risiko for mediebevågenhed',
    fine: 'Risiko for økonomiske konsekvenser i form af bøde',
    reputation: 'Risiko for kommunens omdømme',
    employees: 'Risiko for de ansatte',
    economy: 'Risiko for økonomiske konsekvenser for kommunen (tab af aktiver, kontrakter, udbud mv.)',
  } satisfies Record<MunicipalRisk, string>,
  /** Short forms for lines and the register. */
  risksShort: {
    media: 'medier',
    fine: 'bøde',
    reputation: 'omdømme',
    employees: 'ansatte',
    economy: 'økonomi',
  } satisfies Record<MunicipalRisk, string>,
  roles: {
    area_leader: 'Lederen for det berørte område/driftssted',
    centre_chief: 'Centerchefen for det berørte område',
    director: 'Direktøren for det berørte område',
    municipal_director: 'Kommunaldirektøren (orienterer borgmesteren)',
    it_leader: 'Lederen af IT-afdelingen (indkalder og leder mødet)',
    security_group_member: 'Medlem af sikkerhedsgruppen (referent)',
    communications_chief: 'Leder af kommunikationsafdelingen',
    security_centre_chief: 'Centerchef for sikkerhedsområdet',
    reporter: 'Anmelderen af bruddet',
    lawyer: 'Jurist fra Center for Ledelse og Strategi',
  } satisfies Record<CrisisRole, string>,
  /** The assessment form's checklist (a compact card drops the parenthesis). */
  risksChoice: {
    media: 'Mediebevågenhed',
    fine: 'Bøde',
    reputation: 'Kommunens omdømme',
    employees: 'De ansatte',
    economy: 'Økonomi (tab af aktiver, kontrakter, udbud)',
  } satisfies Record<MunicipalRisk, string>,
  assess: {
    label: 'Risiko for kommunen – sæt kryds ved «ja» (giver informationssikkerhedsudvalget besked)',
  },
  channel: {
    registered:
      'Kanalen er nu informationssikkerhedsudvalgets. Når en risikovurdering finder en risiko for kommunen, kommer sagens kort her (uden anmeldelsens tekst og personoplysninger), og I beslutter på kortet, om der skal indkaldes en krisecelle. Kort, der står i en tidligere udvalgskanal og stadig venter på en beslutning, sendes hertil ved sagens næste påmindelse eller ændring.',
    unregistered:
      'Informationssikkerhedsudvalgets kanal er afmeldt. Knapperne på kortene her virker ikke længere. Kort, der venter på udvalgets beslutning, trækkes tilbage ved sagens næste påmindelse eller ændring: de venter – ligesom nye kort – til en kanal er tilmeldt med «tilmeld udvalg», sendes så dertil, og den centrale kanal får besked om hver sag imens.',
    adminsOnly:
      'Kun administratorerne (ADMIN_AAD_IDS i konfigurationen) kan tilmelde eller afmelde informationssikkerhedsudvalgets kanal. «udvalg» er forbeholdt udvalget: hedder jeres enhed sådan, så tilmeld den med et længere navn, f.eks. «tilmeld Udvalgsbetjeningen».',
    reservedName: '«{unit}» er forbeholdt en af Brudvagts egne kanaler («tilmeld central», «tilmeld udvalg»). Giv enheden et andet navn, f.eks. «tilmeld Udvalgssekretariatet».',
    line: 'Informationssikkerhedsudvalget: {team} › kanal {channel}',
    missing: 'Informationssikkerhedsudvalget: ikke tilmeldt («tilmeld udvalg»)',
  },
  card: {
    title: 'Informationssikkerhedsudvalget – {number}',
    intro:
      'Koordinatorerne har vurderet, at bruddet kan indebære en risiko for kommunen. Udvalget beslutter, om der skal indkaldes en krisecelle. Kortet viser ikke anmeldelsens tekst eller personoplysninger – spørg koordinatoren.',
    facts: {
      number: 'Sag',
      units: 'Enhed',
      discovered: 'Opdaget',
      reported: 'Anmeldt',
      risks: 'Risiko for kommunen',
      band: 'ENISA-vurdering',
      notify: 'Anmeldes til Datatilsynet',
      deadline: 'Frist for Datatilsynet',
      status: 'Status',
      owner: 'Koordinator',
      asked: 'Udvalget spurgt',
    },
    notify: { notify: 'ja', do_not_notify: 'nej', undecided: 'ikke besluttet' },
    notified: 'anmeldt {at}',
    status: { new: 'ny – ikke taget endnu', acknowledged: 'under behandling', closed: 'lukket' },
    band: { low: 'lav', medium: 'middel', high: 'høj', very_high: 'meget høj' } as Record<string, string>,
    noBand: 'ikke beregnet',
    noOwner: 'ingen endnu',
    noRisks: 'ingen (vurderingen er ændret)',
    rolesHeading: 'Krisecellen – sæt kryds ved dem, der indkaldes:',
    convene: 'Indkald krisecelle',
    noCell: 'Ingen krisecelle',
    awaiting: 'Udvalget har ikke besluttet endnu.',
    convened: 'Krisecelle indkaldt – besluttet af {by} {at}: {roles}',
    notConvened: 'Ingen krisecelle – besluttet af {by} {at}',
    change: 'Beslutningen kan ændres nedenfor.',
    error: 'Beslutningen er ikke gemt',
    rolesRequired: 'Sæt kryds ved mindst én rolle for at indkalde krisecellen.',
  },
  /** On the coordinators' case card. */
  caseCard: {
    pending: 'Informationssikkerhedsudvalget er spurgt ({risks}) og har ikke besluttet endnu.',
    missing: 'Risiko for kommunen ({risks}), men intet informationssikkerhedsudvalg er tilmeldt: kortet venter, og den centrale kanal har fået besked.',
    convened: 'Informationssikkerhedsudvalget: krisecelle indkaldt af {by} {at} ({roles}).',
    notConvened: 'Informationssikkerhedsudvalget: ingen krisecelle (besluttet af {by} {at}).',
  },
  timeline: {
    convened: 'krisecelle indkaldes ({roles})',
    notConvened: 'ingen krisecelle',
  },
  reminder: '⏰ {number}: informationssikkerhedsudvalget har ikke besluttet, om der skal indkaldes en krisecelle (spurgt for {age} siden). Beslut det på kortet.',
  missingNotice:
    '⚠️ {number} har en risiko for kommunen ({risks}), men intet informationssikkerhedsudvalg er tilmeldt. En administrator skriver «@Brudvagt tilmeld udvalg» i udvalgets kanal; kortet sendes dertil, så snart det er sket.',
  failingNotice:
    '⚠️ {number} har en risiko for kommunen ({risks}), men Teams afviser kortet til informationssikkerhedsudvalgets kanal (er Brudvagt fjernet fra udvalgets team?). Brudvagt bliver ved med at prøve. En administrator tilføjer Brudvagt til teamet igen eller skriver «@Brudvagt tilmeld udvalg» i udvalgets kanal.',
  /** The committee's registration in the access review. */
  reviewLabel: 'Informationssikkerhedsudvalget',
  refused: 'Kun informationssikkerhedsudvalgets team kan beslutte om krisecellen, fra udvalgets kanal. Forsøget er registreret.',
  /** The register and the export. */
  register: {
    convened: 'krisecelle indkaldt',
    notConvened: 'ingen krisecelle',
    awaiting: 'afventer udvalget',
  },
};

export type CommitteeTexts = typeof da;

const en: CommitteeTexts = {
  risks: {
    media: 'Risk of media attention',
    fine: 'Risk of economic consequences in the form of a fine',
    reputation: "Risk to the municipality's reputation",
    employees: 'Risk to the employees',
    economy: 'Risk of economic consequences for the municipality (loss of assets, contracts, tenders etc.)',
  },
  risksShort: { media: 'media', fine: 'fine', reputation: 'reputation', employees: 'employees', economy: 'economy' },
  roles: {
    area_leader: 'The leader of the affected area/site',
    centre_chief: 'The centre chief of the affected area',
    director: 'The director of the affected area',
    municipal_director: 'The municipal director (informs the mayor)',
    it_leader: 'The head of IT (books and chairs the meeting)',
    security_group_member: 'A member of the security group (takes minutes)',
    communications_chief: 'The head of communications',
    security_centre_chief: 'The centre chief for security',
    reporter: 'The reporter of the breach',
    lawyer: 'A lawyer from Center for Ledelse og Strategi',
  },
  risksChoice: {
    media: 'Media attention',
    fine: 'A fine',
    reputation: "The municipality's reputation",
    employees: 'The employees',
    economy: 'Economy (loss of assets, contracts, tenders)',
  },
  assess: {
    label: 'Risk to the municipality – tick «yes» (tells the information-security committee)',
  },
  channel: {
    registered:
      "This channel is now the information-security committee's. When a risk assessment finds a risk to the municipality, the case's card comes here (without the report's text or personal data), and you decide on the card whether to convene a crisis cell. Cards in an earlier committee channel still awaiting a decision are sent here at the case's next reminder or change.",
    unregistered:
      'The information-security committee\'s channel is unregistered. The buttons on the cards here no longer work. Cards awaiting the committee\'s decision are withdrawn at the case\'s next reminder or change: like new cards, they wait until a channel is registered with "register committee", are then sent there, and the central channel is told about each case meanwhile.',
    adminsOnly:
      'Only the administrators (ADMIN_AAD_IDS in the configuration) can register or unregister the information-security committee\'s channel. "committee" is reserved for it: if your unit is called that, register it with a longer name, e.g. "register Committee Secretariat".',
    reservedName: '"{unit}" is reserved for one of Brudvagt\'s own channels ("register central", "register committee"). Give the unit another name, e.g. "register Committee Secretariat".',
    line: 'Information-security committee: {team} › channel {channel}',
    missing: 'Information-security committee: not registered ("register committee")',
  },
  card: {
    title: 'Information-security committee – {number}',
    intro:
      "The coordinators have assessed that the breach may pose a risk to the municipality. The committee decides whether to convene a crisis cell. This card shows neither the report's text nor personal data – ask the coordinator.",
    facts: {
      number: 'Case',
      units: 'Unit',
      discovered: 'Discovered',
      reported: 'Reported',
      risks: 'Risk to the municipality',
      band: 'ENISA assessment',
      notify: 'Notify Datatilsynet',
      deadline: 'Datatilsynet deadline',
      status: 'Status',
      owner: 'Coordinator',
      asked: 'Committee asked',
    },
    notify: { notify: 'yes', do_not_notify: 'no', undecided: 'not decided' },
    notified: 'notified {at}',
    status: { new: 'new – not taken yet', acknowledged: 'in progress', closed: 'closed' },
    band: { low: 'low', medium: 'medium', high: 'high', very_high: 'very high' },
    noBand: 'not calculated',
    noOwner: 'nobody yet',
    noRisks: 'none (the assessment was changed)',
    rolesHeading: 'The crisis cell – tick those to convene:',
    convene: 'Convene crisis cell',
    noCell: 'No crisis cell',
    awaiting: 'The committee has not decided yet.',
    convened: 'Crisis cell convened – decided by {by} {at}: {roles}',
    notConvened: 'No crisis cell – decided by {by} {at}',
    change: 'The decision can be changed below.',
    error: 'The decision was not saved',
    rolesRequired: 'Tick at least one role to convene the crisis cell.',
  },
  caseCard: {
    pending: 'The information-security committee has been asked ({risks}) and has not decided yet.',
    missing: 'Risk to the municipality ({risks}), but no information-security committee is registered: the card waits, and the central channel has been told.',
    convened: 'Information-security committee: crisis cell convened by {by} {at} ({roles}).',
    notConvened: 'Information-security committee: no crisis cell (decided by {by} {at}).',
  },
  timeline: {
    convened: 'convene a crisis cell ({roles})',
    notConvened: 'no crisis cell',
  },
  reminder: '⏰ {number}: the information-security committee has not decided whether to convene a crisis cell (asked {age} ago). Decide on the card.',
  missingNotice:
    '⚠️ {number} poses a risk to the municipality ({risks}), but no information-security committee is registered. An administrator types "@Brudvagt register committee" in the committee\'s channel; the card is sent there as soon as that is done.',
  failingNotice:
    '⚠️ {number} poses a risk to the municipality ({risks}), but Teams refuses the card to the information-security committee\'s channel (was Brudvagt removed from the committee\'s team?). Brudvagt keeps trying. An administrator adds Brudvagt to the team again or types "@Brudvagt register committee" in the committee\'s channel.',
  reviewLabel: 'Information-security committee',
  refused: "Only the information-security committee's team can decide on the crisis cell, from the committee's channel. The attempt has been recorded.",
  register: {
    convened: 'crisis cell convened',
    notConvened: 'no crisis cell',
    awaiting: 'awaiting the committee',
  },
};

export function committeeTexts(locale: Locale): CommitteeTexts {
  return locale === 'en' ? en : da;
}

/** The risks answered «ja», short, for a line. */
export function risksLine(risks: readonly MunicipalRisk[], locale: Locale): string {
  const t = committeeTexts(locale);
  return risks.map((r) => t.risksShort[r]).join(', ');
}

/** The roles of a convened cell, for a line. */
export function rolesLine(roles: readonly CrisisRole[], locale: Locale): string {
  const t = committeeTexts(locale);
  return roles.map((r) => t.roles[r]).join('; ');
}

/** The export's words for the committee's columns (src/domain/register/committeeRecord.ts). */
export function committeeExportLabels(locale: Locale): CommitteeExportLabels {
  const t = committeeTexts(locale);
  const da = locale === 'da';
  return {
    headers: {
      municipalRisks: da ? 'Risiko for kommunen' : 'Risk to the municipality',
      committeeAskedAt: da ? 'Informationssikkerhedsudvalget spurgt' : 'Information-security committee asked',
      crisisCell: da ? 'Krisecelle' : 'Crisis cell',
      crisisCellRoles: da ? 'Krisecellens deltagere' : 'Crisis cell members',
      crisisCellDecidedBy: da ? 'Krisecelle besluttet af' : 'Crisis cell decided by',
      crisisCellDecidedAt: da ? 'Krisecelle besluttet' : 'Crisis cell decided',
    },
    risks: t.risksShort,
    roles: t.roles,
    crisisCell: { convened: t.register.convened, not_convened: t.register.notConvened, awaiting: t.register.awaiting },
  };
}
