/** The words a person types; both languages work whatever the locale, because people mix them. */
export type PersonalCommand = 'report' | 'help' | 'myCases' | 'cancel';

const PERSONAL: [RegExp, PersonalCommand][] = [
  [/^(anmeld|report)\b/, 'report'],
  [/^(hjælp|hjaelp|help|\?)$/, 'help'],
  [/^(mine sager|my reports|my cases)$/, 'myCases'],
  [/^(annuller|cancel)$/, 'cancel'],
];

const COMMANDS: readonly PersonalCommand[] = ['report', 'help', 'myCases', 'cancel'];

/** A command's name as a card carries it (the «Mente du …?» button), if it is one. */
export function asPersonalCommand(value: unknown): PersonalCommand | null {
  return COMMANDS.find((c) => c === value) ?? null;
}

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

/**
 * The words a near miss is measured against: every spelling of a 1:1 command, but "?" (one character:
 * "ok" or "ja" would be two edits from it).
 */
const COMMAND_WORDS: [string, PersonalCommand][] = [
  ['anmeld', 'report'],
  ['report', 'report'],
  ['mine sager', 'myCases'],
  ['my cases', 'myCases'],
  ['my reports', 'myCases'],
  ['hjælp', 'help'],
  ['hjaelp', 'help'],
  ['help', 'help'],
  ['annuller', 'cancel'],
  ['cancel', 'cancel'],
];

/**
 * Edit distance with adjacent transpositions (optimal string alignment): "anmled" is one swap from
 * "anmeld", the commonest typo on a phone, and counts as one edit, not two. Code points, not UTF-16 units.
 */
export function editDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}

export interface NearMiss {
  command: PersonalCommand;
  /** The spelling the text was nearest to, shown as «Mente du «anmeld»?». */
  word: string;
}

/**
 * A text that is not a command but within two edits of one ("anmled", "mine sagr", "annuler", "hjalp"):
 * the command it nearly was. Words of four letters or fewer allow one edit only, so that a greeting is not
 * read as a command ("hej" is two edits from "help"). The nearest word wins; a tie goes to the first listed.
 */
export function nearMissCommand(text: string | undefined): NearMiss | null {
  const t = normalize(text);
  if (t === '' || personalCommand(t) !== null) return null;
  let best: (NearMiss & { distance: number }) | null = null;
  for (const [word, command] of COMMAND_WORDS) {
    const allowed = [...word].length <= 4 ? 1 : 2;
    // More than `allowed` apart in length cannot be within `allowed` edits: skip the table.
    if (Math.abs([...t].length - [...word].length) > allowed) continue;
    const distance = editDistance(t, word);
    if (distance <= allowed && (!best || distance < best.distance)) best = { command, word, distance };
  }
  return best && { command: best.command, word: best.word };
}
