/** Values for the report card, as a person would type them, for tests and benchmarks. */
import { instantToCopenhagenParts } from '../../src/domain/copenhagenTime';

/** Copenhagen wall clock of an instant, as the card's Input.Date and Input.Time take it. */
export function copenhagenWallClock(at: Date): { date: string; time: string } {
  const { date, time } = instantToCopenhagenParts(at);
  return { date, time };
}

/** A complete, valid set of values as the form sends them (discovered two hours before `now`). */
export function validReportValues(now: Date): Record<string, string> {
  const { date, time } = copenhagenWallClock(new Date(now.getTime() - 2 * 3600_000));
  return {
    reporterName: 'Mette Jensen',
    reporterEmail: 'mette@kommune.example',
    reporterPhone: '+45 12 34 56 78',
    reporterTitle: 'Sagsbehandler',
    reporterDepartment: 'Borgerservice',
    reporterCenter: 'Center for Borgerservice',
    breachTypes: 'confidentiality',
    breachExample: 'wrong_recipient',
    whatHappened: 'Et brev om en borgers sag blev sendt til en anden borger.',
    dataKinds: 'names,addresses',
    dataKindsOther: '',
    personsAffected: '1',
    howHappened: 'Forkert adresse valgt i fagsystemet.',
    discoveredDate: date,
    discoveredTime: time,
    ongoing: 'stopped',
    system: 'SBSYS',
    supplierInvolved: 'no',
    supplierName: '',
    supplierNotifiedDate: '',
    supplierNotifiedTime: '',
  };
}
