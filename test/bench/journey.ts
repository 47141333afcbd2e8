/** Card helpers and form values for driving a report journey over HTTP (as test/e2e/reporterJourney does). */

export function cardOf(activity: any): any {
  return activity?.attachments?.[0]?.content;
}

export function action(card: any, verb: string): any {
  return (card?.actions ?? []).find((a: any) => a.verb === verb || a.data?.verb === verb);
}

/** A complete, valid set of values as the form sends them (discovered two hours before `now`). */
export function validValues(now: Date): Record<string, string> {
  const local = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Copenhagen',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(now.getTime() - 2 * 3600_000));
  const [date, time] = local.split(' ');
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

/** Nearest-rank percentile of an unsorted sample. */
export function percentile(sample: number[], p: number): number {
  if (sample.length === 0) return NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
