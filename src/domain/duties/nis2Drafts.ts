/**
 * Drafts for the three NIS2 reports (issue 18, part 3), for virk.dk's «Indberet hændelse», which forwards
 * them to the sector authority and the CSIRT (CFCS, Styrelsen for Samfundssikkerhed). What each holds follows
 * NIS2 Directive Art. 23(4) as the NIS 2-lov carries it:
 * - (a) early warning, 24 hours: whether the incident is suspected to be caused by unlawful or malicious
 *   acts, and whether it could have a cross-border impact;
 * - (b) incident notification, 72 hours: an update of the early warning, an initial assessment of the
 *   incident with its severity and impact, and indicators of compromise where available;
 * - (d) final report, one month: a detailed description with severity and impact, the type of threat or
 *   root cause, the mitigation measures applied and ongoing, the cross-border impact where applicable.
 *
 * Privacy rule (as for the Art. 33 draft, src/domain/notificationDrafts.ts): built only from categories,
 * counts, the breach type and example, the system's name, instants, the ENISA assessment and the
 * coordinator's own fields passed through maskCpr. Nothing about the reporter (name, mail, phone, title,
 * unit) and none of the reporter's free text (whatHappened, howHappened, dataKindsOther) is copied in; where
 * a human must write, the draft says «[Udfyld: …]». Danish: the virk.dk form is.
 */
import type { BreachCase } from '../case';
import { workContext, type CaseWork } from '../caseWork';
import { nis2Report } from '../caseWork/nis2';
import { formatCopenhagen } from '../copenhagenTime';
import { maskCpr } from '../cpr';
import type { OrgInfo } from '../notificationDrafts';
import { estimateOf, formatPersons } from '../personsEstimate';
import type { BreachExample, BreachType } from '../report';
import { dutyRow, dutyState, type DutyId } from './dutyTable';
import { formatDeadline } from './calendarMonth';

export type Nis2DraftKind = 'nis2_early_warning' | 'nis2_notification' | 'nis2_final_report';
export const NIS2_DRAFT_KINDS: readonly Nis2DraftKind[] = ['nis2_early_warning', 'nis2_notification', 'nis2_final_report'];

const fill = (what: string): string => `[Udfyld: ${what}]`;
const bullet = (s: string): string => `- ${s}`;
const clean = (s: string | null | undefined): string => maskCpr((s ?? '').trim());
const da = (iso: string | Date): string => formatCopenhagen(typeof iso === 'string' ? new Date(iso) : iso, 'da');

const TITLE: Record<Nis2DraftKind, string> = {
  nis2_early_warning: 'UDKAST – Tidlig varsling om væsentlig hændelse (NIS 2-loven)',
  nis2_notification: 'UDKAST – Hændelsesunderretning om væsentlig hændelse (NIS 2-loven)',
  nis2_final_report: 'UDKAST – Endelig rapport om væsentlig hændelse (NIS 2-loven)',
};

const TYPE_DA: Record<BreachType, string> = {
  confidentiality: 'fortrolighed',
  integrity: 'integritet',
  availability: 'tilgængelighed',
};

const EXAMPLE_DA: Record<BreachExample, string> = {
  lost_device: 'mistet enhed',
  wrong_recipient: 'sendt til forkert modtager',
  published: 'offentliggjort uden grundlag',
  hacked: 'hacket system eller misbrugt kodeord',
  wrong_data: 'forkerte oplysninger',
  system_unavailable: 'system utilgængeligt',
  other: 'andet',
};

const ONGOING_DA = { stopped: 'stoppet ifølge anmelderen', ongoing: 'pågår ifølge anmelderen', unknown: 'ukendt ifølge anmelderen' } as const;
const BAND_DA = { low: 'lav', medium: 'middel', high: 'høj', very_high: 'meget høj' } as const;
const RISK_DA = { none: 'ingen risiko', risk: 'risiko', high: 'høj risiko' } as const;

/** The suspected cause: malicious when the ENISA input says so or the incident is a hacked system; else for the coordinator. */
function causeLine(c: BreachCase, w: CaseWork): string {
  const malicious = w.assessment?.enisaInput?.malicious === true;
  if (malicious) return 'Ja: hændelsen vurderes forårsaget af ondsindede handlinger (ENISA-vurderingens «ondsindet hensigt»).';
  if (c.report.breachExample === 'hacked') return `Formodentlig: systemet er hacket eller et kodeord misbrugt. ${fill('bekræft, om der er mistanke om ulovlige eller ondsindede handlinger')}`;
  return fill('er hændelsen formodentlig forårsaget af ulovlige eller ondsindede handlinger? ja/nej/ukendt');
}

function severityLines(c: BreachCase, w: CaseWork): string[] {
  const lines: string[] = [];
  const a = w.assessment;
  const e = estimateOf(c.report);
  lines.push(bullet(`Berørte personer (antal): ${e.kind === 'unknown' ? fill('antal, hvis personer er berørt') : formatPersons(e, 'da')}`));
  if (a?.enisaResult) lines.push(bullet(`ENISA-alvorlighed: ${String(a.enisaResult.score).replace('.', ',')} (${BAND_DA[a.enisaResult.band]})`));
  if (a) lines.push(bullet(`Risikovurdering for de registrerede: ${RISK_DA[a.risk]}`));
  lines.push(bullet(`Driftsmæssig virkning: ${fill('berørte tjenester, omfang og varighed af forstyrrelsen, økonomisk tab')}`));
  return lines;
}

function measuresLines(w: CaseWork): string[] {
  const lines: string[] = [];
  if (w.stopped === 'yes' && w.stopHow) lines.push(bullet(`Hændelsen er stoppet: ${clean(w.stopHow)}`));
  else lines.push(bullet(`Hændelsen er ${w.stopped === 'no' ? 'ikke stoppet' : 'endnu ikke meldt stoppet'}. ${fill('foranstaltninger truffet og planlagt')}`));
  return lines;
}

/** The draft of one NIS2 report, as text for the copy field (the card shows it in sections). */
export function nis2Draft(kind: Nis2DraftKind, c: BreachCase, w: CaseWork, org: OrgInfo, now: Date): string {
  const r = c.report;
  const subject = { work: w, ctx: workContext({ ...c, work: w }) };
  const state = dutyState(dutyRow(kind as DutyId), subject, now);
  const aware = dutyState(dutyRow('nis2_early_warning'), subject, now).start;
  const early = nis2Report(w, 'early_warning');
  const notification = nis2Report(w, 'notification');
  const lines: string[] = [];

  lines.push(TITLE[kind]);
  lines.push('Indberettes på virk.dk («Indberet hændelse»). Gennemse udkastet og udfyld felterne markeret [Udfyld: …]. Tilføj ingen navne, CPR-numre eller andre personoplysninger.');
  lines.push('');
  lines.push(`Enhed: ${clean(org.controllerName)}`);
  lines.push(`Kontaktpunkt: ${clean(org.dpoContact) || fill('kontaktperson for hændelsen')}`);
  lines.push(`Kommunens sagsnummer: ${c.number}${w.sbsysJournalNo ? ` (SBSYS ${w.sbsysJournalNo})` : ''}`);
  lines.push(`Udkast dannet: ${da(now)}`);
  lines.push('');

  lines.push('Tidspunkter');
  lines.push(bullet(`Hændelsen blev opdaget: ${da(r.discoveredAt)}`));
  if (aware) lines.push(bullet(`Kommunen fik kendskab til hændelsen: ${da(aware)}${w.awareAt ? '' : ` ${fill('fastlæg tidspunktet for kendskab; indtil da regnes fristen fra opdagelsen')}`}`));
  if (state.deadline) lines.push(bullet(`Frist for denne indberetning: ${formatDeadline(state.deadline, 'da')}${state.provisional ? ' (foreløbig: regnes fra hændelsesunderretningen)' : ''}`));
  if (early && kind !== 'nis2_early_warning') lines.push(bullet(`Tidlig varsling indsendt: ${da(early.at)} (kvittering ${clean(early.reference)})`));
  if (notification && kind === 'nis2_final_report') lines.push(bullet(`Hændelsesunderretning indsendt: ${da(notification.at)} (kvittering ${clean(notification.reference)})`));
  lines.push('');

  lines.push('Hændelsen');
  lines.push(bullet(`Berørt system: ${clean(r.system) || fill('system eller tjeneste')}`));
  const types = r.breachTypes.map((t) => TYPE_DA[t]).join(', ');
  lines.push(bullet(`Berørt: ${types || fill('fortrolighed, integritet og/eller tilgængelighed')}${r.breachExample ? ` (${EXAMPLE_DA[r.breachExample]})` : ''}`));
  lines.push(bullet(`Status: ${ONGOING_DA[r.ongoing]}${w.stopped === 'yes' ? '; meldt stoppet af koordinatoren' : ''}`));
  if (r.supplierInvolved === 'yes') lines.push(bullet(`En leverandør/databehandler er involveret: ${clean(r.supplierName) || fill('leverandørens navn')}`));
  lines.push('');

  lines.push('Mistanke om ulovlige eller ondsindede handlinger (art. 23, stk. 4, litra a)');
  lines.push(causeLine(c, w));
  lines.push('');
  lines.push('Mulig grænseoverskridende virkning');
  lines.push(fill('kan hændelsen påvirke tjenester eller modtagere i andre EU-lande? ja/nej, hvilke'));

  if (kind !== 'nis2_early_warning') {
    lines.push('');
    lines.push(kind === 'nis2_notification' ? 'Første vurdering: alvor og virkning (art. 23, stk. 4, litra b)' : 'Alvor og virkning (art. 23, stk. 4, litra d)');
    lines.push(...severityLines(c, w));
    lines.push('');
    lines.push('Kompromitteringsindikatorer');
    lines.push(fill('hvor de kendes: IP-adresser, domæner, filnavne eller hashværdier, berørte konti (uden personnavne)'));
    lines.push('');
    lines.push('Foranstaltninger');
    lines.push(...measuresLines(w));
  }
  if (kind === 'nis2_final_report') {
    lines.push('');
    lines.push('Detaljeret beskrivelse af hændelsen');
    lines.push(fill('forløb fra første tegn til håndtering, uden personoplysninger'));
    lines.push('');
    lines.push('Trusselstype eller grundlæggende årsag');
    lines.push(fill('fx ransomware, phishing, sårbarhed hos leverandøren, fejlkonfiguration'));
    if (w.lessonsLearned) {
      lines.push('');
      lines.push('Erfaringer og forebyggelse');
      lines.push(clean(w.lessonsLearned));
    }
  }
  lines.push('');
  lines.push('Brud på persondatasikkerheden');
  const initial = w.authorityNotifications.find((n) => n.kind === 'initial');
  lines.push(
    initial
      ? `Hændelsen er også anmeldt til Datatilsynet ${da(initial.at)} (ref. ${clean(initial.reference)}).`
      : w.assessment?.decision === 'do_not_notify'
        ? 'Hændelsen er vurderet og anmeldes ikke til Datatilsynet (ingen risiko for de registrerede).'
        : fill('er personoplysninger berørt, og er Datatilsynet underrettet (art. 33)?'),
  );
  return lines.join('\n');
}
