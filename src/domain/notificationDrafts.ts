/**
 * Texts the coordinator copies: the Datatilsynet notification (virk.dk), the
 * Art. 34(2) letter to the persons, and the Ishøj feedback to the reporter.
 *
 * Privacy rule for the two drafts: they are built ONLY from categories, counts,
 * breach type and example, system and supplier names, dates, and the
 * coordinator's own fields (stop measures, assessment, delay reason, how persons
 * were notified, exemption explanation), all passed through maskCpr. Nothing
 * about the reporter (name, mail, phone, title, unit) and none of the reporter's
 * free text (whatHappened, howHappened, dataKindsOther) is ever copied in; where
 * a human must write, the draft says "[Udfyld: …]".
 */
import type { BreachCase, Locale } from './case';
import { caseClock, initialNotification, type CaseWork, type Exemption, type RiskLevel } from './caseWork';
import { formatCopenhagen } from './copenhagenTime';
import { maskCpr } from './cpr';
import { clockStart, isLate, notificationDeadline } from './deadline';
import type { SeverityBand } from './enisa';
import type { BreachExample, BreachType, DataKind } from './report';
import { estimateOf, formatPersons } from './personsEstimate';

export interface OrgInfo {
  /** The data controller, e.g. "Ishøj Kommune". */
  controllerName: string;
  /** DPO or other contact point: name/function, mail, phone. */
  dpoContact: string;
}

/** The four virk.dk questions (Art. 33(3)); exported so tests and UI can find them. */
export const DATATILSYNET_HEADINGS = {
  a: 'a) Bruddets karakter (art. 33, stk. 3, litra a)',
  b: 'b) Databeskyttelsesrådgiver eller andet kontaktpunkt (art. 33, stk. 3, litra b)',
  c: 'c) Sandsynlige konsekvenser af bruddet (art. 33, stk. 3, litra c)',
  d: 'd) Foranstaltninger, der er truffet eller foreslås truffet (art. 33, stk. 3, litra d)',
} as const;

export const PERSONS_LETTER_HEADINGS = {
  what: 'Hvad er der sket?',
  data: 'Hvilke oplysninger drejer det sig om?',
  consequences: 'Hvad kan konsekvenserne være?',
  measures: 'Hvad har vi gjort?',
  you: 'Hvad kan du selv gøre?',
  contact: 'Har du spørgsmål?',
} as const;

const fill = (what: string): string => `[Udfyld: ${what}]`;

const BREACH_TYPE_DA: Record<BreachType, string> = {
  confidentiality: 'brud på fortroligheden',
  integrity: 'brud på integriteten',
  availability: 'brud på tilgængeligheden',
};

const EXAMPLE_DA: Record<BreachExample, string> = {
  lost_device: 'mistet mobil, pc, tablet eller andet medie',
  wrong_recipient: 'sendt til en forkert modtager',
  published: 'offentliggjort uden samtykke',
  hacked: 'hacket system eller misbrugt kodeord',
  wrong_data: 'forkerte oplysninger',
  system_unavailable: 'system utilgængeligt',
  other: 'andet',
};

const DATA_KIND_DA: Record<DataKind, string> = {
  names: 'navne',
  cpr: 'CPR-numre',
  health: 'helbredsoplysninger (særlig kategori, art. 9)',
  addresses: 'adresser',
  financial: 'økonomiske oplysninger',
  children: 'oplysninger om børn',
  other: `andre oplysninger ${fill('angiv hvilke kategorier')}`,
};

const DATA_KIND_PLAIN_DA: Record<DataKind, string> = {
  names: 'navn',
  cpr: 'CPR-nummer',
  health: 'oplysninger om helbred',
  addresses: 'adresse',
  financial: 'økonomiske oplysninger',
  children: 'oplysninger om børn',
  other: `andre oplysninger ${fill('angiv hvilke')}`,
};

const RISK_DA: Record<RiskLevel, string> = {
  none: 'Bruddet vurderes ikke at indebære en risiko for de registreredes rettigheder og frihedsrettigheder.',
  risk: 'Bruddet vurderes at indebære en risiko for de registreredes rettigheder og frihedsrettigheder.',
  high: 'Bruddet vurderes at indebære en høj risiko for de registreredes rettigheder og frihedsrettigheder.',
};

const BAND_DA: Record<SeverityBand, string> = {
  low: 'lav',
  medium: 'middel',
  high: 'høj',
  very_high: 'meget høj',
};

const EXEMPTION_DA: Record<Exemption, string> = {
  art34_3_a: 'art. 34, stk. 3, litra a (oplysningerne er uforståelige for uvedkommende, f.eks. krypterede)',
  art34_3_b: 'art. 34, stk. 3, litra b (efterfølgende foranstaltninger sikrer, at den høje risiko ikke længere er sandsynlig)',
  art34_3_c: 'art. 34, stk. 3, litra c (underretning ville kræve en uforholdsmæssig indsats; offentlig meddelelse i stedet)',
};

const STOPPED_DA = {
  yes: 'Bruddet er stoppet.',
  no: 'Bruddet er endnu ikke stoppet.',
  unknown: 'Det er endnu uafklaret, om bruddet er stoppet.',
} as const;

const CONSEQUENCE_HINTS_DA: Partial<Record<DataKind, string>> = {
  cpr: 'identitetstyveri eller misbrug af CPR-nummer',
  health: 'at uvedkommende får kendskab til helbredsoplysninger',
  financial: 'økonomisk tab eller bedrageri',
  addresses: 'at uvedkommende får kendskab til bopæl',
  children: 'særlig sårbarhed, da børn er berørt',
};

const da = (iso: string): string => formatCopenhagen(new Date(iso), 'da');
/** The drafts are Danish: numbers as a Danish reader writes them ("4,25", "1.200"). */
const daNumber = (n: number): string => n.toLocaleString('da-DK', { maximumFractionDigits: 2 });

/**
 * Whether the breach is stopped: the coordinator's confirmation when there is one; until then the
 * reporter's statement, said to be the reporter's (Datatilsynet must not read it as the municipality's).
 */
function stoppedSentence(c: BreachCase, w: CaseWork): string {
  if (w.stopped !== 'unknown') return STOPPED_DA[w.stopped];
  if (c.report.ongoing === 'stopped') return 'Ifølge anmelderen er bruddet stoppet (endnu ikke bekræftet af kommunen).';
  if (c.report.ongoing === 'ongoing') return 'Ifølge anmelderen stod bruddet stadig på ved anmeldelsen (endnu ikke bekræftet af kommunen).';
  return STOPPED_DA.unknown;
}

/** The reporter's answer as the number it means and how sure it is. */
function personsAffectedText(c: BreachCase): string {
  const e = estimateOf(c.report);
  if (e.kind === 'unknown') return fill('antal; anmelderen kendte det ikke ved anmeldelsen');
  const text = formatPersons(e, 'da');
  return e.kind === 'exact' ? text : `${text} (anmelderens skøn)`;
}
const clean = (s: string): string => maskCpr(s.trim());
const bullet = (s: string): string => `- ${s}`;


function dataKindsList(kinds: readonly DataKind[], labels: Record<DataKind, string>): string {
  if (kinds.length === 0) return fill('kategorier af personoplysninger');
  return kinds.map((k) => labels[k]).join(', ');
}

function personsSentence(w: CaseWork): string {
  const p = w.persons;
  if (p && 'notifiedAt' in p) {
    return `De registrerede (ca. ${daNumber(p.count)}) er underrettet ${da(p.notifiedAt)}. Måde: ${clean(p.how)}.`;
  }
  if (p && 'exemption' in p) {
    return `De registrerede underrettes ikke efter ${EXEMPTION_DA[p.exemption]}. Begrundelse: ${clean(p.explanation)}`;
  }
  const risk = w.assessment?.risk;
  if (risk === 'high') return fill('hvornår og hvordan de registrerede underrettes (art. 34)');
  if (risk === 'none' || risk === 'risk') {
    return 'De registrerede underrettes ikke, da bruddet ikke vurderes at indebære en høj risiko for dem (art. 34, stk. 1).';
  }
  return fill('om, hvornår og hvordan de registrerede underrettes, eller hvorfor ikke');
}

/**
 * Draft for virk.dk's "Indberetning af brud på persondatasikkerheden": the four
 * questions of Art. 33(3), then Datatilsynet's longer list. Without a recorded
 * initial notification it drafts the initial one; otherwise a follow-up.
 */
export function datatilsynetDraft(c: BreachCase, w: CaseWork, org: OrgInfo, now: Date): string {
  const r = c.report;
  const clock = caseClock({ ...c, work: w });
  const deadline = notificationDeadline(clock);
  const start = clockStart(clock);
  const initial = initialNotification(w);
  const lines: string[] = [];

  lines.push('UDKAST – Anmeldelse af brud på persondatasikkerheden til Datatilsynet');
  lines.push(
    'Indberettes via virk.dk. Gennemse udkastet og udfyld felterne markeret [Udfyld: …]. ' +
      'Tilføj ikke navne, CPR-numre eller andre oplysninger om de berørte personer.',
  );
  lines.push('');
  lines.push(`Dataansvarlig: ${clean(org.controllerName)}`);
  lines.push(`Kommunens sagsnummer: ${c.number}${w.sbsysJournalNo ? ` (SBSYS ${w.sbsysJournalNo})` : ''}`);
  if (initial) {
    const refs = w.authorityNotifications.map((n) => `${n.reference} (${da(n.at)})`).join(', ');
    lines.push(`Anmeldelsens art: Opfølgning på tidligere anmeldelse: ${refs}`);
  } else {
    lines.push(`Anmeldelsens art: ${fill('fuldstændig anmeldelse eller foreløbig anmeldelse, hvor oplysninger eftersendes (art. 33, stk. 4)')}`);
  }
  lines.push(`Udkast dannet: ${formatCopenhagen(now, 'da')}`);
  lines.push('');

  lines.push('Tidspunkter');
  lines.push(bullet(`Bruddet blev opdaget: ${da(r.discoveredAt)}`));
  if (r.supplierInvolved === 'yes' && r.supplierNotifiedAt) {
    lines.push(bullet(`Databehandleren/leverandøren underrettede kommunen: ${da(r.supplierNotifiedAt)}`));
  }
  if (w.awareAt) {
    lines.push(bullet(`Kommunen blev bekendt med bruddet: ${da(w.awareAt)}`));
  } else {
    const basis = start.basis === 'supplier' ? 'databehandlerens underretning' : 'opdagelsen';
    lines.push(bullet(`Kommunen blev bekendt med bruddet: ${fill(`tidspunkt; indtil det er fastlagt, regnes fristen fra ${basis}`)}`));
  }
  lines.push(bullet(`Frist for anmeldelse (72 timer): ${formatCopenhagen(deadline, 'da')}`));
  lines.push(bullet(stoppedSentence(c, w)));
  lines.push('');

  // a) nature
  lines.push(DATATILSYNET_HEADINGS.a);
  const types = r.breachTypes.map((t) => BREACH_TYPE_DA[t]).join(', ');
  lines.push(bullet(`Type af brud: ${types || fill('fortrolighed, integritet og/eller tilgængelighed')}`));
  if (r.breachExample) lines.push(bullet(`Hændelsestype: ${EXAMPLE_DA[r.breachExample]}`));
  lines.push(bullet(`Berørt system: ${r.system.trim() ? clean(r.system) : fill('system, eller «intet system»')}`));
  if (r.supplierInvolved === 'yes') {
    lines.push(bullet(`Databehandler/leverandør: ${r.supplierName.trim() ? clean(r.supplierName) : fill('navn')}`));
  } else if (r.supplierInvolved === 'unanswered') {
    // Not answered in the report: the draft asks rather than leave it out as if the answer were no.
    lines.push(bullet(`Databehandler/leverandør: ${fill('er en databehandler/leverandør involveret? (ikke besvaret i anmeldelsen)')}`));
  }
  lines.push(bullet(`Kategorier af personoplysninger: ${dataKindsList(r.dataKinds, DATA_KIND_DA)}`));
  const subjects = fill('kategorier af registrerede, f.eks. borgere, ansatte, pårørende');
  lines.push(bullet(`Kategorier af registrerede: ${subjects}${r.dataKinds.includes('children') ? ', herunder børn' : ''}`));
  lines.push(bullet(`Omtrentligt antal berørte personer: ${personsAffectedText(c)}`));
  lines.push(bullet(`Omtrentligt antal berørte registreringer: ${fill('antal registreringer, dokumenter eller poster')}`));
  lines.push(bullet(`Beskrivelse af hændelsen: ${fill('hvad skete der, og hvordan opstod bruddet – med egne ord og uden personoplysninger')}`));
  lines.push('');

  // b) contact
  lines.push(DATATILSYNET_HEADINGS.b);
  lines.push(bullet(org.dpoContact.trim() ? clean(org.dpoContact) : fill('navn og kontaktoplysninger på DPO eller kontaktpunkt')));
  lines.push('');

  // c) consequences
  lines.push(DATATILSYNET_HEADINGS.c);
  const a = w.assessment;
  if (a) {
    lines.push(bullet(`Risikovurdering: ${RISK_DA[a.risk]}`));
    if (a.enisaResult) {
      lines.push(
        bullet(`Alvorlighed efter ENISA-metoden: ${daNumber(a.enisaResult.score)} (${BAND_DA[a.enisaResult.band]})`),
      );
    }
    lines.push(bullet(`Begrundelse: ${clean(a.justification)}`));
  } else {
    lines.push(bullet(`Risikovurdering: ${fill('risiko for de registreredes rettigheder og frihedsrettigheder')}`));
  }
  const hints = r.dataKinds.map((k) => CONSEQUENCE_HINTS_DA[k]).filter((h): h is string => h !== undefined);
  const hintText = hints.length > 0 ? ` – overvej f.eks. ${hints.join('; ')}` : '';
  lines.push(bullet(`Sandsynlige konsekvenser for de registrerede: ${fill(`beskriv${hintText}`)}`));
  lines.push('');

  // d) measures
  lines.push(DATATILSYNET_HEADINGS.d);
  lines.push(bullet(stoppedSentence(c, w)));
  if (w.stopHow) lines.push(bullet(`Sådan er bruddet håndteret: ${clean(w.stopHow)}`));
  lines.push(bullet(`Foranstaltninger, der foreslås truffet: ${fill('f.eks. ændrede procedurer, instruktion af medarbejdere, tekniske tiltag')}`));
  lines.push('');

  // Datatilsynet's longer list
  lines.push('Supplerende oplysninger (Datatilsynets vejledning)');
  lines.push(bullet(`Foranstaltninger, der var truffet før bruddet: ${fill('f.eks. kryptering, adgangsstyring, procedurer')}`));
  lines.push(bullet(`Foranstaltninger for at begrænse mulige skadevirkninger: ${fill('f.eks. modtageren har bekræftet sletning')}`));
  lines.push(bullet(`Underretning af de registrerede: ${personsSentence(w)}`));
  const last = w.authorityNotifications[w.authorityNotifications.length - 1];
  if (last?.followUpPending) {
    lines.push(bullet(`Oplysninger, der eftersendes (art. 33, stk. 4): ${fill('hvilke oplysninger der fortsat mangler, og hvornår de eftersendes')}`));
  } else {
    lines.push(bullet(`Oplysninger, der eftersendes (art. 33, stk. 4): ${fill('hvilke oplysninger der mangler, og hvornår de eftersendes – eller «ingen»')}`));
  }
  if (initial?.delayReason) {
    lines.push(bullet(`Begrundelse for forsinkelse (anmeldt efter 72 timer): ${clean(initial.delayReason)}`));
  } else if (!initial && isLate(now, clock)) {
    lines.push(
      bullet(
        `Begrundelse for forsinkelse: Fristen udløb ${formatCopenhagen(deadline, 'da')}. ${fill('begrundelse for, at anmeldelsen sker senere end 72 timer efter, at kommunen blev bekendt med bruddet')}`,
      ),
    );
  }
  return lines.join('\n');
}

const PLAIN_EXAMPLE_DA: Record<BreachExample, string> = {
  lost_device: 'En medarbejder har mistet et arbejdsredskab, f.eks. en mobil eller en computer, som indeholdt oplysninger om dig.',
  wrong_recipient: 'Oplysninger om dig er ved en fejl blevet sendt til en forkert modtager.',
  published: 'Oplysninger om dig er ved en fejl blevet offentliggjort.',
  hacked: 'Uvedkommende har skaffet sig adgang til et system, som indeholder oplysninger om dig.',
  wrong_data: 'Oplysninger om dig i et af vores systemer har været forkerte.',
  system_unavailable: 'Oplysninger om dig har i en periode ikke kunnet tilgås, fordi et system var utilgængeligt.',
  other: '',
};

const PLAIN_TYPE_DA: Record<BreachType, string> = {
  confidentiality: 'Uvedkommende kan have fået adgang til oplysninger om dig.',
  integrity: 'Oplysninger om dig har været forkerte eller er blevet ændret.',
  availability: 'Oplysninger om dig har i en periode ikke kunnet tilgås.',
};

const PLAIN_CONSEQUENCES_DA: Partial<Record<DataKind, string>> = {
  cpr: 'Nogen kan forsøge at misbruge dit CPR-nummer, f.eks. ved at udgive sig for at være dig.',
  health: 'Uvedkommende kan have fået kendskab til oplysninger om dit helbred.',
  financial: 'Dine økonomiske oplysninger kan blive forsøgt misbrugt, f.eks. til svindel.',
  addresses: 'Uvedkommende kan have fået kendskab til, hvor du bor.',
};

const PLAIN_ADVICE_DA: Partial<Record<DataKind, string>> = {
  cpr: 'Vær opmærksom på opkald, sms’er og mails, hvor nogen beder om personlige oplysninger eller koder. Giv aldrig dine MitID-oplysninger til andre.',
  financial: 'Hold øje med bevægelser på din bankkonto, og kontakt din bank, hvis du ser noget usædvanligt.',
};

/** Art. 34(2) letter to the persons, in plain Danish. Addressee and sender are placeholders. */
export function personsLetterDraft(c: BreachCase, w: CaseWork, org: OrgInfo): string {
  const r = c.report;
  const controller = clean(org.controllerName);
  const lines: string[] = [];
  lines.push(fill('modtagerens navn'));
  lines.push(fill('modtagerens adresse eller e-Boks'));
  lines.push('');
  lines.push(`${controller}`);
  lines.push(`Dato: ${fill('dato')}`);
  lines.push(`Sagsnr.: ${w.sbsysJournalNo ?? c.number}`);
  lines.push('');
  lines.push('Vi skal orientere dig om et brud på sikkerheden for dine personoplysninger');
  lines.push('');
  lines.push(
    `${controller} har konstateret et brud på persondatasikkerheden, som omfatter oplysninger om dig. ` +
      'Vi skriver til dig, fordi databeskyttelsesforordningen (artikel 34) kræver, at du får besked, når et brud kan indebære en høj risiko for dig.',
  );
  lines.push('');

  lines.push(PERSONS_LETTER_HEADINGS.what);
  const example = r.breachExample ? PLAIN_EXAMPLE_DA[r.breachExample] : '';
  const what = example || r.breachTypes.map((t) => PLAIN_TYPE_DA[t]).join(' ');
  if (what) lines.push(what);
  lines.push(`Vi blev opmærksomme på bruddet ${da(r.discoveredAt).replace(/ kl\. .*$/, '')}.`);
  lines.push(fill('kort beskrivelse i almindeligt sprog – uden oplysninger om andre personer'));
  lines.push('');

  lines.push(PERSONS_LETTER_HEADINGS.data);
  lines.push(`Bruddet omfatter: ${dataKindsList(r.dataKinds, DATA_KIND_PLAIN_DA)}.`);
  lines.push('');

  lines.push(PERSONS_LETTER_HEADINGS.consequences);
  for (const k of r.dataKinds) {
    const s = PLAIN_CONSEQUENCES_DA[k];
    if (s) lines.push(s);
  }
  if (r.breachTypes.includes('availability')) lines.push('Behandlingen af din sag kan være blevet forsinket.');
  lines.push(fill('de sandsynlige konsekvenser for dig'));
  lines.push('');

  lines.push(PERSONS_LETTER_HEADINGS.measures);
  if (w.stopped === 'yes') lines.push('Bruddet er stoppet.');
  lines.push(fill('hvad vi har gjort for at stoppe bruddet og begrænse skaden, f.eks. bedt modtageren slette oplysningerne'));
  lines.push(fill('hvad vi gør, for at det ikke sker igen'));
  lines.push('');

  lines.push(PERSONS_LETTER_HEADINGS.you);
  for (const k of r.dataKinds) {
    const s = PLAIN_ADVICE_DA[k];
    if (s) lines.push(s);
  }
  lines.push('Hvis du oplever, at dine oplysninger bliver misbrugt, kan du anmelde det til politiet.');
  lines.push(fill('andre konkrete råd til modtageren, hvis relevant'));
  lines.push('');

  lines.push(PERSONS_LETTER_HEADINGS.contact);
  const contact = org.dpoContact.trim() ? clean(org.dpoContact) : fill('kontaktoplysninger');
  lines.push(`Du er velkommen til at kontakte kommunens databeskyttelsesrådgiver (DPO): ${contact}.`);
  lines.push('Du har også ret til at klage til Datatilsynet, www.datatilsynet.dk.');
  lines.push('');
  lines.push('Med venlig hilsen');
  lines.push(fill('afsenderens navn og titel'));
  lines.push(controller);
  return lines.join('\n');
}

const FEEDBACK_TEXT = {
  da: {
    title: (n: string) => `Tilbagemelding på din anmeldelse ${n}`,
    thanks: 'Tak for din anmeldelse. Den hjælper kommunen med at passe på borgernes og medarbejdernes oplysninger.',
    done: 'Det har vi gjort:',
    doneOpen: 'Sagen er under behandling.',
    authYes: (d: string) => `Bruddet er anmeldt til Datatilsynet ${d}.`,
    authNoNone: 'Bruddet er ikke anmeldt til Datatilsynet, fordi det er vurderet ikke at indebære en risiko for de berørte.',
    authNo: 'Bruddet er ikke anmeldt til Datatilsynet.',
    authWill: 'Bruddet bliver anmeldt til Datatilsynet.',
    authOpen: 'Det er endnu ikke afgjort, om bruddet skal anmeldes til Datatilsynet.',
    dpoYes: (d: string) => `Kommunens databeskyttelsesrådgiver (DPO) er orienteret ${d}.`,
    dpoNo: 'Kommunens databeskyttelsesrådgiver (DPO) er ikke orienteret.',
    dpoAnyway: 'Sagen er lukket, uden at det er registreret, at kommunens databeskyttelsesrådgiver (DPO) er orienteret. Koordinatoren har begrundet det på sagen.',
    personsYes: (d: string) => `De berørte personer er underrettet ${d}.`,
    personsExempt: 'De berørte personer er ikke underrettet, fordi en undtagelse i databeskyttelsesforordningens artikel 34, stk. 3, gælder.',
    personsNotHigh: 'De berørte personer er ikke underrettet, fordi bruddet ikke vurderes at indebære en høj risiko for dem.',
    personsWill: 'De berørte personer bliver underrettet.',
    personsOpen: 'Det er endnu ikke afgjort, om de berørte personer skal underrettes.',
    prevention: 'Det gør vi, for at det ikke sker igen:',
    preventionOpen: 'Det oplyser vi, når sagen er afsluttet.',
  },
  en: {
    title: (n: string) => `Feedback on your report ${n}`,
    thanks: 'Thank you for your report. It helps the municipality protect the data of citizens and employees.',
    done: 'What we have done:',
    doneOpen: 'The case is being handled.',
    authYes: (d: string) => `The breach was reported to Datatilsynet (the Danish Data Protection Agency) on ${d}.`,
    authNoNone: 'The breach was not reported to Datatilsynet, because it was assessed not to pose a risk to the people affected.',
    authNo: 'The breach was not reported to Datatilsynet.',
    authWill: 'The breach will be reported to Datatilsynet.',
    authOpen: 'It has not yet been decided whether the breach must be reported to Datatilsynet.',
    dpoYes: (d: string) => `The municipality's data protection officer (DPO) was informed on ${d}.`,
    dpoNo: "The municipality's data protection officer (DPO) has not been informed.",
    dpoAnyway: "The case was closed without a record that the municipality's data protection officer (DPO) was informed. The coordinator recorded the reason on the case.",
    personsYes: (d: string) => `The people affected were informed on ${d}.`,
    personsExempt: 'The people affected were not informed, because an exemption in GDPR Article 34(3) applies.',
    personsNotHigh: 'The people affected were not informed, because the breach is not assessed to pose a high risk to them.',
    personsWill: 'The people affected will be informed.',
    personsOpen: 'It has not yet been decided whether the people affected must be informed.',
    prevention: 'What we do so it does not happen again:',
    preventionOpen: 'We will tell you when the case is closed.',
  },
} as const;

const withComment = (line: string, comment: string | undefined): string =>
  comment && comment.trim() ? `${line} ${clean(comment)}` : line;

/**
 * The Ishøj feedback: always six lines, in this order: thanks; what was done;
 * reported to Datatilsynet?; DPO informed?; persons informed?; prevention.
 * Yes/no and dates come from the record; the coordinator's feedback texts add to them.
 */
export function reporterFeedback(c: BreachCase, w: CaseWork, locale: Locale): { title: string; lines: string[] } {
  const t = FEEDBACK_TEXT[locale];
  const when = (iso: string): string => formatCopenhagen(new Date(iso), locale);
  const fb = w.feedback;

  const done = fb?.done ? `${t.done} ${clean(fb.done)}` : t.doneOpen;

  const initial = initialNotification(w);
  const a = w.assessment;
  let auth: string;
  if (initial) auth = t.authYes(when(initial.at));
  else if (a?.decision === 'do_not_notify') auth = a.risk === 'none' ? t.authNoNone : t.authNo;
  else if (a?.decision === 'notify') auth = t.authWill;
  else auth = t.authOpen;

  // Decision (README, "Closing a case"): Ishøj always informs the DPO, so a close without it needs a
  // reason; the feedback then says what the record shows (no registration, a reason given) rather
  // than claiming the DPO was not informed, which the record does not know.
  const dpo = w.dpoInformedAt ? t.dpoYes(when(w.dpoInformedAt)) : w.closedAnyway?.steps.includes('dpo_informed') ? t.dpoAnyway : t.dpoNo;

  let persons: string;
  const p = w.persons;
  if (p && 'notifiedAt' in p) persons = t.personsYes(when(p.notifiedAt));
  else if (p && 'exemption' in p) persons = t.personsExempt;
  else if (a?.risk === 'high') persons = t.personsWill;
  else if (a) persons = t.personsNotHigh;
  else persons = t.personsOpen;

  const prevention = fb?.prevention ? `${t.prevention} ${clean(fb.prevention)}` : `${t.prevention} ${t.preventionOpen}`;

  return {
    title: t.title(c.number),
    lines: [
      t.thanks,
      done,
      withComment(auth, fb?.authorityNotified),
      withComment(dpo, fb?.dpoInformed),
      withComment(persons, fb?.personsInformed),
      prevention,
    ],
  };
}
