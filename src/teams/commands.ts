/** The words a person types; both languages work whatever the locale, because people mix them. */
export type PersonalCommand = 'report' | 'help' | 'myCases' | 'cancel';

const PERSONAL: [RegExp, PersonalCommand][] = [
  [/^(anmeld|report)\b/, 'report'],
  [/^(hjælp|hjaelp|help|\?)$/, 'help'],
  [/^(mine sager|my reports|my cases)$/, 'myCases'],
  [/^(annuller|cancel)$/, 'cancel'],
];

export function normalize(text: string | undefined): string {
  return (text ?? '')
    .replace(/<at>[^<]*<\/at>/gi, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

export function personalCommand(text: string | undefined): PersonalCommand | null {
  const t = normalize(text);
  for (const [pattern, command] of PERSONAL) if (pattern.test(t)) return command;
  return null;
}
