import type { Locale } from '../domain/case';

const da = {
  title: 'Adgangsgennemgang',
  reminderTitle: 'Påmindelse: adgangsgennemgang venter',
  intro:
    'Her er, hvem der lige nu kan se og behandle sagerne om brud på persondatasikkerheden (medlemmer af teamet bag hver kanal). Fjern dem, der ikke længere skal have adgang, i Teams – og bekræft så gennemgangen. Gennemgangen skal ske mindst hver 18. måned.',
  dueSince: 'Gennemgangen har ventet siden {since}.',
  unit: '{unit} – {team} › {channel}',
  central: 'Central sikkerhedsgruppe og DPO',
  members: '{count} medlemmer: {names}',
  noMembers: 'Ingen medlemmer fundet.',
  confirm: 'Bekræft gennemgang',
  confirmed: 'Adgangsgennemgangen er bekræftet af {name} {at}. Næste gennemgang planlægges automatisk.',
  refused: 'Kun medlemmer af den centrale sikkerhedsgruppes team kan bekræfte gennemgangen. Forsøget er registreret.',
  rosterUnavailable: 'Brudvagt kunne ikke slå dit medlemskab op i Teams lige nu, så gennemgangen er ikke bekræftet. Prøv igen om lidt. Forsøget er registreret.',
  stale: 'Denne gennemgang er allerede bekræftet eller erstattet af en nyere.',
};

const en: typeof da = {
  title: 'Access review',
  reminderTitle: 'Reminder: an access review is waiting',
  intro:
    'These are the people who can currently see and work the breach cases (members of the team behind each channel). Remove those who should no longer have access in Teams – then confirm the review. The review must happen at least every 18 months.',
  dueSince: 'The review has been waiting since {since}.',
  unit: '{unit} – {team} › {channel}',
  central: 'Central security group and DPO',
  members: '{count} members: {names}',
  noMembers: 'No members found.',
  confirm: 'Confirm review',
  confirmed: 'The access review was confirmed by {name} {at}. The next review is planned automatically.',
  refused: "Only members of the central security group's team can confirm the review. The attempt was recorded.",
  rosterUnavailable: 'Brudvagt could not look up your membership in Teams just now, so the review was not confirmed. Please try again shortly. The attempt was recorded.',
  stale: 'This review was already confirmed or replaced by a newer one.',
};

export function reviewTexts(locale: Locale): typeof da {
  return locale === 'en' ? en : da;
}
