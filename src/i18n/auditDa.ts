import type { CaseCommand } from '../domain/caseWork';

/**
 * Every action code the audit log holds. The coordinator's commands are named by the compiler (a new
 * command without words does not compile); a code not listed here (written by a newer version, or an
 * old one) is shown as its code, never hidden.
 */
export type AuditActionCode =
  | `case.${CaseCommand['type']}`
  | 'case.create'
  | 'case.read'
  | 'case.list'
  | 'case.post'
  | 'case.anonymize'
  | 'case.draft.authority'
  | 'case.draft.persons'
  | 'case.proposeAssessment'
  | 'audit.read'
  | 'audit.export.offer'
  | 'audit.export'
  | 'audit.export.declined'
  | 'register.list'
  | 'register.statistics'
  | 'register.check'
  | 'register.export.offer'
  | 'register.export'
  | 'register.export.declined'
  | 'routing.list'
  | 'routing.register'
  | 'routing.registerCentral'
  | 'routing.unregister'
  | 'access.review.confirm'
  | 'case.draft.nis2'
  | 'routing.registerCommittee'
  /** Issue 18: Brudvagt told (or could not tell) the reporter's nearest manager; detail `<message>:<outcome>`. */
  | 'case.manager'
  | 'names.merge'
  | 'names.unmerge'
  | 'names.list';

/** One action: `done` as it reads when it happened ("Anna Jensen lukkede sagen"), `try` after «forsøgte at». */
export interface AuditActionWords {
  done: string;
  try: string;
}

/**
 * The audit trail in words (issue 17, Must do 6): who, when, what they did or tried, and the outcome.
 * The model: an action that was carried out reads in the past tense with the outcome «udført»; one
 * that was refused (access: not a member, wrong team …) reads «forsøgte at …» with «nægtet: <why>»;
 * one the rules turned away (a time in the future, a date missing) reads «forsøgte at …» with
 * «afvist: <why>», the why in the card's own error words (caseMessages). Keys shared with auditEn.ts.
 */
export const auditDa = {
  tried: 'forsøgte at {what}',
  done: 'udført',
  rejected: 'afvist: {reason}',
  refused: 'nægtet: {reason}',
  failed: 'mislykkedes: filen kunne ikke laves eller gemmes',
  /** A field named in a rejection, before the reason: "Underrettet, dato – skal udfyldes". */
  fieldReason: '{field} – {reason}',
  /** The rejections whose card text needs what the audit row does not keep (a limit, a name, the steps). */
  rejections: {
    too_short: 'teksten er for kort',
    too_long: 'teksten er for lang',
    already_owned: 'sagen var allerede taget af en anden',
    close_steps_missing: 'trin fra proceduren mangler, og der er ingen begrundelse for at lukke alligevel',
  } as Record<string, string>,
  actions: {
    'case.create': { done: 'anmeldte bruddet', try: 'anmelde bruddet' },
    'case.read': { done: 'åbnede sagen', try: 'åbne sagen' },
    'case.list': { done: 'så sine egne anmeldelser («mine sager»)', try: 'se sine egne anmeldelser' },
    'case.post': { done: 'sendte sagens kort til koordinatorkanalen', try: 'sende sagens kort til koordinatorkanalen' },
    'case.anonymize': { done: 'anonymiserede sagen efter opbevaringsperioden', try: 'anonymisere sagen' },
    'case.manager': { done: 'gav anmelderens nærmeste leder besked (kun sagsnummer og status) eller bad anmelderen selv gøre det', try: 'give anmelderens nærmeste leder besked' },
    'case.draft.authority': { done: 'hentede udkastet til anmeldelsen til Datatilsynet', try: 'hente udkastet til anmeldelsen til Datatilsynet' },
    'case.draft.persons': { done: 'hentede udkastet til brevet til de registrerede', try: 'hente udkastet til brevet til de registrerede' },
    'case.proposeAssessment': { done: 'fik bot\'ens forslag til vurdering (intet gemt)', try: 'få bot\'ens forslag til vurdering' },
    'case.acknowledge': { done: 'tog sagen', try: 'tage sagen' },
    'case.handOver': { done: 'gav sagen videre til en kollega', try: 'give sagen videre til en kollega' },
    'case.setAware': { done: 'registrerede tidspunktet for kommunens kendskab', try: 'registrere tidspunktet for kommunens kendskab' },
    'case.setStopped': { done: 'registrerede om bruddet er stoppet', try: 'registrere om bruddet er stoppet' },
    'case.assess': { done: 'registrerede risikovurderingen og beslutningen', try: 'registrere risikovurderingen og beslutningen' },
    'case.recordAuthorityNotification': { done: 'registrerede anmeldelsen til Datatilsynet', try: 'registrere anmeldelsen til Datatilsynet' },
    'case.recordPersonsNotified': { done: 'registrerede at de registrerede er underrettet', try: 'registrere at de registrerede er underrettet' },
    'case.recordPersonsExemption': { done: 'registrerede en undtagelse fra at underrette de registrerede', try: 'registrere en undtagelse fra at underrette de registrerede' },
    'case.dpoInformed': { done: 'registrerede at DPO er orienteret', try: 'registrere at DPO er orienteret' },
    'case.journalize': { done: 'registrerede SBSYS-journalnummeret', try: 'registrere SBSYS-journalnummeret' },
    'case.addNote': { done: 'skrev en note til sagen', try: 'skrive en note til sagen' },
    'case.link': { done: 'knyttede sagen til en anden sag', try: 'knytte sagen til en anden sag' },
    'case.declareIncident': { done: 'markerede sagen som kendt hændelse', try: 'markere sagen som kendt hændelse' },
    'case.endIncident': { done: 'afsluttede den kendte hændelse', try: 'afslutte den kendte hændelse' },
    'case.close': { done: 'lukkede sagen', try: 'lukke sagen' },
    'case.reopen': { done: 'genåbnede sagen', try: 'genåbne sagen' },
    'case.route': { done: 'sendte sagen videre til en enhed', try: 'sende sagen videre til en enhed' },
    'case.answerSupplier': { done: 'besvarede, om en leverandør/databehandler er involveret', try: 'besvare, om en leverandør/databehandler er involveret' },
    'audit.read': { done: 'læste adgangsloggen', try: 'læse adgangsloggen' },
    'audit.export.offer': { done: 'bad om adgangsloggen som fil', try: 'bede om adgangsloggen som fil' },
    'audit.export': { done: 'gemte adgangsloggen som fil', try: 'gemme adgangsloggen som fil' },
    'audit.export.declined': { done: 'afviste filen med adgangsloggen', try: 'afvise filen med adgangsloggen' },
    'register.list': { done: 'så registret', try: 'se registret' },
    'register.statistics': { done: 'så statistikken', try: 'se statistikken' },
    'register.check': { done: 'tjekkede sagernes tidslinjer («sager tjek»)', try: 'tjekke sagernes tidslinjer' },
    'register.export.offer': { done: 'bad om registret som fil', try: 'bede om registret som fil' },
    'register.export': { done: 'gemte registret som fil', try: 'gemme registret som fil' },
    'register.export.declined': { done: 'afviste filen med registret', try: 'afvise filen med registret' },
    'routing.list': { done: 'så fordelingen af enheder', try: 'se fordelingen af enheder' },
    'routing.register': { done: 'tilmeldte en enheds kanal', try: 'tilmelde en enheds kanal' },
    'routing.registerCentral': { done: 'tilmeldte den centrale kanal', try: 'tilmelde den centrale kanal' },
    'routing.unregister': { done: 'afmeldte en enhed', try: 'afmelde en enhed' },
    'access.review.confirm': { done: 'bekræftede adgangsgennemgangen', try: 'bekræfte adgangsgennemgangen' },
    'case.markNis2': { done: 'markerede sagen som væsentlig NIS2-hændelse', try: 'markere sagen som væsentlig NIS2-hændelse' },
    'case.unmarkNis2': { done: 'fjernede markeringen som væsentlig NIS2-hændelse', try: 'fjerne markeringen som væsentlig NIS2-hændelse' },
    'case.recordNis2Report': { done: 'registrerede en NIS2-indberetning', try: 'registrere en NIS2-indberetning' },
    'case.draft.nis2': { done: 'hentede et udkast til en NIS2-indberetning', try: 'hente et udkast til en NIS2-indberetning' },
    'case.decideCrisisCell': { done: 'registrerede informationssikkerhedsudvalgets beslutning om krisecelle', try: 'registrere udvalgets beslutning om krisecelle' },
    'routing.registerCommittee': { done: 'tilmeldte informationssikkerhedsudvalgets kanal', try: 'tilmelde informationssikkerhedsudvalgets kanal' },
    'names.merge': { done: 'flettede to stavemåder af et system- eller leverandørnavn', try: 'flette to stavemåder af et system- eller leverandørnavn' },
    'names.unmerge': { done: 'fjernede en fletning af navne', try: 'fjerne en fletning af navne' },
    'names.list': { done: 'så de flettede navne', try: 'se de flettede navne' },
  } satisfies Record<AuditActionCode, AuditActionWords>,
  /** Why an action was refused (the detail of a refused row); a code not listed is shown as it is. */
  reasons: {
    not_member: 'ikke medlem af teamet',
    wrong_team: 'teamet har ikke adgang til sagen',
    roster_unavailable: 'Teams kunne ikke bekræfte medlemskabet',
    contended: 'en anden ændrede sagen samtidig; intet blev gemt',
    link_not_visible: 'sagen at knytte til findes ikke eller kan ikke ses af teamet',
    not_channel: 'registret vises kun i en koordinatorkanal',
    not_registered: 'kanalen er ikke tilmeldt som koordinatorkanal',
    central_only: 'kun den centrale kanal må',
    not_requester: 'ikke den, der bad om filen',
    admins_only: 'kun administratorerne må',
    not_authorized: 'ikke medlem af den centrale gruppe eller administrator',
    no_central: 'den centrale kanal er ikke tilmeldt',
    invalid_name: 'ugyldigt enhedsnavn',
    upload_url_refused: 'filen skulle gemmes et sted, Teams ikke anviser',
    committee_only: 'kun informationssikkerhedsudvalgets team må',
    reserved_name: 'navnet er forbeholdt en af Brudvagts egne kanaler',
  } as Record<string, string>,
};

type Widen<T> = T extends string ? string : { [K in keyof T]: Widen<T[K]> };
export type AuditTexts = Widen<typeof auditDa>;
