import type { Locale } from '../domain/case';

/** Reminder lines for the case thread; {who} is the @mention of the owner or the channel. */
const da = {
  not_acknowledged: '{who} ⏰ {number} er ikke taget endnu ({age} siden anmeldelsen). Tag sagen på kortet.',
  escalation: '⚠️ Eskalering: {number} er ikke taget af en koordinator {age} efter anmeldelsen. Fristen for Datatilsynet er {deadline}.',
  deadline: '{who} ⏰ {number}: fristen for anmeldelse til Datatilsynet er {deadline} – {left} tilbage. Anmeld, eller registrér beslutningen om ikke at anmelde.',
  deadline_now: '{who} ⏰ {number}: fristen for anmeldelse til Datatilsynet er nu ({deadline}). Anmeld straks, og angiv årsagen til forsinkelsen.',
  overdue: '{who} 🔴 {number}: fristen for Datatilsynet ({deadline}) er overskredet med {over}. En sen anmeldelse skal have årsagen til forsinkelsen.',
  deadline_off_hours:
    '{who} 📅 {number}: fristen for Datatilsynet ({deadline}) falder uden for arbejdstid. Sørg for at anmelde inden da – eller aftal, hvem der har vagten.',
  persons: '{who} 👥 {number}: høj risiko, og de registrerede er endnu ikke underrettet (eller undtagelsen registreret). Underret uden unødig forsinkelse.',
  follow_up: '{who} 📨 {number}: en supplerende anmeldelse til Datatilsynet er lovet og mangler stadig.',
  channel: 'koordinatorer',
  post_failing:
    '⚠️ Sagskortet for {number} kan ikke komme ind i kanalen «{channel}» ({team}): Teams har afvist {failures} forsøg siden {since}. Brudvagt bliver ved med at prøve. Fristen for Datatilsynet er {deadline}. Sig til enhedens koordinatorer, og tjek at Brudvagt stadig er med i teamet.',
};

const en: typeof da = {
  not_acknowledged: '{who} ⏰ {number} has not been taken yet ({age} since the report). Take the case on its card.',
  escalation: '⚠️ Escalation: {number} has not been taken by a coordinator {age} after the report. The Datatilsynet deadline is {deadline}.',
  deadline: '{who} ⏰ {number}: the deadline for notifying Datatilsynet is {deadline} – {left} left. Notify, or record the decision not to notify.',
  deadline_now: '{who} ⏰ {number}: the deadline for notifying Datatilsynet is now ({deadline}). Notify at once and give the reason for the delay.',
  overdue: '{who} 🔴 {number}: the Datatilsynet deadline ({deadline}) was missed by {over}. A late notification must give the reason for the delay.',
  deadline_off_hours: '{who} 📅 {number}: the Datatilsynet deadline ({deadline}) falls outside working hours. Notify before then – or agree who is on duty.',
  persons: '{who} 👥 {number}: high risk, and the persons have not been notified (nor an exemption recorded). Notify without undue delay.',
  follow_up: '{who} 📨 {number}: a follow-up notification to Datatilsynet was promised and is still missing.',
  channel: 'coordinators',
  post_failing:
    '⚠️ The case card for {number} cannot get into the channel "{channel}" ({team}): Teams has refused {failures} attempts since {since}. Brudvagt keeps trying. The Datatilsynet deadline is {deadline}. Tell the unit\'s coordinators, and check that Brudvagt is still in the team.',
};

export function reminderTexts(locale: Locale): typeof da {
  return locale === 'en' ? en : da;
}
