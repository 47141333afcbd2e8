/**
 * The nearest manager's words (issue 18): the form's question, the manager's two messages, the reporter's
 * request to tell the manager themself, and the coordinators' and register's line. Danish first; English
 * where the reader's Teams speaks English. Kept apart from da.ts/en.ts so the feature reads in one place.
 */
import type { Locale } from '../domain/case';
import type { ManagerStatus } from '../domain/nearestManager';
import type { ManagerView } from '../domain/visibility';

const da = {
  form: {
    help: 'Lederen får aldrig at vide, hvad der er sket.',
    managerId: 'Din nærmeste leder (valgfrit)',
    managerEmail: 'Eller lederens mail, hvis listen ikke virker',
    managerEmailPlaceholder: 'fornavn.efternavn@kommune.dk',
    picked: 'Lederen fra din sidste anmeldelse',
    pickedInList: 'valgt i listen',
    nobody: 'Ingen valgt',
  },
  manager: {
    received:
      'Din medarbejder har anmeldt et brud på persondatasikkerheden til Brudvagt. Sagsnummer: {number}. Sendt til: {units}. Oplysningerne om bruddet er omfattet af tavshedspligt; du får ikke at vide, hvad der er sket. Koordinatoren giver dig besked, når bruddet er håndteret.',
    closed: 'Sag {number} er håndteret og lukket. Anmeldt til Datatilsynet: {authority}. De berørte personer underrettet: {persons}. Oplysningerne er fortsat omfattet af tavshedspligt.',
    closedWithOther: 'Sag {number} er håndteret sammen med en anden sag og lukket. Oplysningerne er fortsat omfattet af tavshedspligt.',
    central: 'den centrale informationssikkerhedsgruppe',
    yes: 'ja',
    no: 'nej',
  },
  reporter: {
    tellYourself:
      'Din nærmeste leder kunne ikke få besked fra Brudvagt om sag {number} (lederen har ikke appen). Orientér selv din leder om, at du har anmeldt et brud – uden at fortælle detaljer, der er omfattet af tavshedspligt.',
    noManager: 'Husk at orientere din nærmeste leder om, at du har anmeldt bruddet.',
    managerTold: 'Din nærmeste leder får besked om sagsnummer og enhed, og ved lukningen om Datatilsynet og de berørte blev underrettet – aldrig om, hvad der er sket.',
  },
  card: {
    label: 'Nærmeste leder',
    not_named: 'ikke oplyst af anmelderen',
    pending: 'får besked',
    told: 'orienteret',
    unreachable: 'Nærmeste leder kunne ikke få besked – anmelderen er bedt om selv at orientere sin leder',
  },
  record: {
    label: 'Nærmeste leder orienteret',
    not_named: 'ikke oplyst',
    pending: 'nej',
    told: 'ja',
    unreachable: 'kunne ikke nås',
  },
};

const en: typeof da = {
  form: {
    help: 'Your manager is never told what happened.',
    managerId: 'Your nearest manager (optional)',
    managerEmail: "Or your manager's email, if the list does not work",
    managerEmailPlaceholder: 'firstname.lastname@municipality.dk',
    picked: 'The manager from your last report',
    pickedInList: 'picked from the list',
    nobody: 'None picked',
  },
  manager: {
    received:
      'An employee of yours has reported a personal data breach to Brudvagt. Case number: {number}. Sent to: {units}. The details of the breach are covered by the duty of confidentiality; you are not told what happened. The coordinator will tell you when the breach has been handled.',
    closed: 'Case {number} has been handled and closed. Reported to Datatilsynet: {authority}. Affected persons notified: {persons}. The details remain covered by the duty of confidentiality.',
    closedWithOther: 'Case {number} has been handled together with another case and closed. The details remain covered by the duty of confidentiality.',
    central: 'the central information security group',
    yes: 'yes',
    no: 'no',
  },
  reporter: {
    tellYourself:
      "Brudvagt could not tell your nearest manager about case {number} (they do not have the app). Please tell your manager yourself that you have reported a breach – without details covered by the duty of confidentiality.",
    noManager: 'Remember to tell your nearest manager that you have reported the breach.',
    managerTold: 'Your nearest manager is told the case number and unit, and at the close whether Datatilsynet and the persons affected were notified – never what happened.',
  },
  card: {
    label: 'Nearest manager',
    not_named: 'not given by the reporter',
    pending: 'being told',
    told: 'informed',
    unreachable: 'The nearest manager could not be told – the reporter has been asked to inform their manager',
  },
  record: {
    label: 'Nearest manager informed',
    not_named: 'not given',
    pending: 'no',
    told: 'yes',
    unreachable: 'could not be reached',
  },
};

export type ManagerTexts = typeof da;

export function managerTexts(locale: Locale): ManagerTexts {
  return locale === 'en' ? en : da;
}

const fillIn = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');

/** The manager's message, in words: only what managerView let through. */
export function managerMessageText(view: ManagerView, locale: Locale): string {
  const t = managerTexts(locale).manager;
  if (view.kind === 'received') return fillIn(t.received, { number: view.caseNumber, units: view.units.length > 0 ? view.units.join(', ') : t.central });
  if ('handledWithOtherCase' in view) return fillIn(t.closedWithOther, { number: view.caseNumber });
  return fillIn(t.closed, { number: view.caseNumber, authority: view.authorityNotified ? t.yes : t.no, persons: view.personsNotified ? t.yes : t.no });
}

export function managerStatusText(status: ManagerStatus, locale: Locale, where: 'card' | 'record'): string {
  return managerTexts(locale)[where][status];
}

export function tellManagerYourselfText(caseNumber: string, locale: Locale): string {
  return fillIn(managerTexts(locale).reporter.tellYourself, { number: caseNumber });
}
