/**
 * Every NIS2 and duty text (issue 18, part 3) in one file of its own: the duty names of the duty table, the
 * NIS2 card, the reminders of the NIS2 clocks, the drafts, the register's and the export's words.
 * Danish by default, English when the Teams locale is English.
 */
import type { Locale } from '../domain/case';

const da = {
  duty: {
    art33: 'Datatilsynet (art. 33)',
    art34: 'De registrerede (art. 34)',
    nis2_early_warning: 'NIS2 tidlig varsling (24 t)',
    nis2_notification: 'NIS2 hændelsesunderretning (72 t)',
    nis2_final_report: 'NIS2 endelig rapport (1 måned)',
  },
  outcome: {
    met: 'opfyldt rettidigt',
    met_late: 'opfyldt for sent',
    open: 'åben',
    missed: 'ikke opfyldt',
    not_relevant: 'ikke relevant',
  },
  /** One duty line on the case card. */
  line: {
    open: '{duty}: frist {deadline} ({left})',
    openProvisional: '{duty}: foreløbig frist {deadline} (regnes fra underretningen)',
    openNoDeadline: '{duty}: uden unødig forsinkelse – åben',
    overdue: '{duty}: frist {deadline} – {left}',
    met: '{duty}: opfyldt {at}',
    met_late: '{duty}: opfyldt for sent {at} (frist {deadline})',
    missed: '{duty}: ikke opfyldt (frist {deadline})',
  },
  kind: {
    early_warning: 'Tidlig varsling',
    notification: 'Hændelsesunderretning',
    intermediate: 'Mellem-/statusrapport',
    final: 'Endelig rapport',
  },
  timelineReport: '{kind}, kvittering {reference}',
  card: {
    open: 'NIS2 …',
    title: '{number} · NIS2',
    marked: 'Markeret som væsentlig NIS2-hændelse {at} af {by}: {reason}',
    unmarked: 'Ikke markeret som væsentlig NIS2-hændelse.',
    unmarkedBefore: 'Markeringen blev fjernet {at} af {by}: {reason}',
    intro: 'En væsentlig hændelse efter NIS 2-loven indberettes på virk.dk («Indberet hændelse»), som sender den videre til sektormyndigheden og CSIRT (CFCS, Styrelsen for Samfundssikkerhed): tidlig varsling inden 24 timer, hændelsesunderretning inden 72 timer efter kendskab, endelig rapport senest en måned efter underretningen.',
    duties: 'Pligter og frister',
    reports: 'Registrerede indberetninger',
    report: '{kind}: {at}, kvittering {reference}',
    reportDelay: 'Begrundelse for forsinkelse: {reason}',
    markHeading: 'Markér som væsentlig NIS2-hændelse',
    markReason: 'Begrundelse (hvorfor er hændelsen væsentlig?)',
    markSubmit: 'Markér som væsentlig NIS2-hændelse',
    unmarkHeading: 'Fjern markeringen',
    unmarkReason: 'Begrundelse for at fjerne markeringen',
    unmarkSubmit: 'Fjern markeringen',
    recordHeading: 'Registrér en indberetning fra virk.dk',
    kindLabel: 'Indberetning',
    dateLabel: 'Indsendt, dato',
    timeLabel: 'Indsendt, klokkeslæt',
    referenceLabel: 'Kvitteringsnummer fra virk.dk',
    delayLabel: 'Begrundelse for forsinkelse (kræves efter fristen)',
    recordSubmit: 'Registrér indberetningen',
    drafts: 'Udkast (uden personoplysninger)',
    draftEarly: 'Udkast: tidlig varsling',
    draftNotification: 'Udkast: hændelsesunderretning',
    draftFinal: 'Udkast: endelig rapport',
    back: 'Tilbage til sagen',
    closed: 'Sagen er lukket: genåbn den for at registrere mere.',
  },
  reminder: {
    deadline: '{who} ⏰ {number}: fristen for {duty} er {deadline} – {left} tilbage. Indberet på virk.dk, og registrér kvitteringen under «NIS2 …».',
    deadline_now: '{who} ⏰ {number}: fristen for {duty} er nu ({deadline}). Indberet straks på virk.dk, og angiv årsagen til forsinkelsen.',
    overdue: '{who} 🔴 {number}: fristen for {duty} ({deadline}) er overskredet med {over}. En sen indberetning skal have årsagen til forsinkelsen.',
    deadline_off_hours: '{who} 📅 {number}: fristen for {duty} ({deadline}) falder uden for arbejdstid. Indberet inden da – eller aftal, hvem der har vagten.',
  },
  draftTitle: { nis2_early_warning: '{number} · Udkast til tidlig varsling (NIS2)', nis2_notification: '{number} · Udkast til hændelsesunderretning (NIS2)', nis2_final_report: '{number} · Udkast til endelig rapport (NIS2)' },
};

const en: typeof da = {
  duty: {
    art33: 'Datatilsynet (Art. 33)',
    art34: 'The persons (Art. 34)',
    nis2_early_warning: 'NIS2 early warning (24 h)',
    nis2_notification: 'NIS2 incident notification (72 h)',
    nis2_final_report: 'NIS2 final report (1 month)',
  },
  outcome: {
    met: 'met in time',
    met_late: 'met late',
    open: 'open',
    missed: 'not met',
    not_relevant: 'not relevant',
  },
  line: {
    open: '{duty}: deadline {deadline} ({left})',
    openProvisional: '{duty}: provisional deadline {deadline} (counted from the notification)',
    openNoDeadline: '{duty}: without undue delay – open',
    overdue: '{duty}: deadline {deadline} – {left}',
    met: '{duty}: met {at}',
    met_late: '{duty}: met late {at} (deadline {deadline})',
    missed: '{duty}: not met (deadline {deadline})',
  },
  kind: {
    early_warning: 'Early warning',
    notification: 'Incident notification',
    intermediate: 'Intermediate/progress report',
    final: 'Final report',
  },
  timelineReport: '{kind}, receipt {reference}',
  card: {
    open: 'NIS2 …',
    title: '{number} · NIS2',
    marked: 'Marked a significant NIS2 incident {at} by {by}: {reason}',
    unmarked: 'Not marked a significant NIS2 incident.',
    unmarkedBefore: 'The marking was removed {at} by {by}: {reason}',
    intro: 'A significant incident under the Danish NIS2 Act is reported on virk.dk ("Indberet hændelse"), which forwards it to the sector authority and the CSIRT (CFCS, the Danish Resilience Agency): an early warning within 24 hours, an incident notification within 72 hours of becoming aware, a final report within one month of the notification.',
    duties: 'Duties and deadlines',
    reports: 'Recorded reports',
    report: '{kind}: {at}, receipt {reference}',
    reportDelay: 'Reason for the delay: {reason}',
    markHeading: 'Mark as a significant NIS2 incident',
    markReason: 'Reason (why is the incident significant?)',
    markSubmit: 'Mark as a significant NIS2 incident',
    unmarkHeading: 'Remove the marking',
    unmarkReason: 'Reason for removing the marking',
    unmarkSubmit: 'Remove the marking',
    recordHeading: 'Record a report made on virk.dk',
    kindLabel: 'Report',
    dateLabel: 'Submitted, date',
    timeLabel: 'Submitted, time',
    referenceLabel: 'virk.dk receipt number',
    delayLabel: 'Reason for the delay (required after the deadline)',
    recordSubmit: 'Record the report',
    drafts: 'Drafts (no personal data)',
    draftEarly: 'Draft: early warning',
    draftNotification: 'Draft: incident notification',
    draftFinal: 'Draft: final report',
    back: 'Back to the case',
    closed: 'The case is closed: reopen it to record more.',
  },
  reminder: {
    deadline: '{who} ⏰ {number}: the deadline for the {duty} is {deadline} – {left} left. Report on virk.dk and record the receipt under "NIS2 …".',
    deadline_now: '{who} ⏰ {number}: the deadline for the {duty} is now ({deadline}). Report on virk.dk at once and give the reason for the delay.',
    overdue: '{who} 🔴 {number}: the deadline for the {duty} ({deadline}) was missed by {over}. A late report must give the reason for the delay.',
    deadline_off_hours: '{who} 📅 {number}: the deadline for the {duty} ({deadline}) falls outside working hours. Report before then – or agree who is on duty.',
  },
  draftTitle: { nis2_early_warning: '{number} · Draft NIS2 early warning (in Danish, as virk.dk asks)', nis2_notification: '{number} · Draft NIS2 incident notification (in Danish, as virk.dk asks)', nis2_final_report: '{number} · Draft NIS2 final report (in Danish, as virk.dk asks)' },
};

export type Nis2Texts = typeof da;

export function nis2Texts(locale: Locale): Nis2Texts {
  return locale === 'en' ? en : da;
}

/** The export's duty columns and statistics rows (src/domain/register/exportColumns.ts DutyExportLabels). */
export function nis2ExportLabels(locale: Locale) {
  const t = nis2Texts(locale);
  return {
    header: Object.fromEntries(Object.entries(t.duty).map(([id, name]) => [id, `${locale === 'en' ? 'Duty' : 'Pligt'}: ${name}`])) as Record<keyof Nis2Texts['duty'], string>,
    outcome: t.outcome,
    kind: t.kind,
    statistic: '{duty} – {outcome}',
  };
}
