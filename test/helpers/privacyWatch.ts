/**
 * The privacy scan over the whole suite (Ballerup/KMD: CPR numbers ended up in a support system).
 * Every activity the bot sends to the fake Bot Connector, every invoke answer and every log line of
 * every bot (in-process, and the pino JSON lines of servers in child processes) is recorded here; after the last test (a root hook, so it sees every file) the
 * scan fails the run if any of them holds a CPR-like number in clear, or if a log line holds text a
 * person typed into the bot.
 */
import { asciiDigits, containsCprLike, findCprLike, normalizeTyped } from '../../src/domain/cpr';
import { jsonLogger, type Logger } from '../../src/logging';

/** On only under mocha (the root hook below switches it on): benchmarks share the fake connector, not the scan. */
let active = false;
const outgoing: { where: string; text: string }[] = [];
const logLines: string[] = [];
/** Free text people typed (report fields, notes, messages): must never reach a log line. */
const typed = new Set<string>();
/** CPR-like numbers people typed, as date and serial in ASCII digits: checked independently of the masker's matching. */
const typedNumbers = new Map<string, { date: string; serial: string }>();

export const privacyWatch = {
  /** What the bot sent out (a connector request body, an invoke answer). */
  sent(where: string, body: unknown): void {
    if (!active) return;
    const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
    if (text) outgoing.push({ where, text: withoutEchoedIds(text) });
  },
  /** What a test sent in: the free text in it is remembered. */
  received(activity: unknown): void {
    if (!active) return;
    const visit = (value: unknown, depth: number) => {
      if (depth > 6) return;
      if (typeof value === 'string') {
        for (const m of findCprLike(value, { uuidsAreIds: true })) {
          // Digits of any script (Arabic-Indic, Devanagari …) as ASCII, so the scan below sees them in any script too.
          const digits = asciiDigits(m.text).replace(/\D/g, '');
          typedNumbers.set(digits, { date: digits.slice(0, 6), serial: digits.slice(6) });
        }
        const t = value.replace(/<at>[^<]*<\/at>/g, '').trim();
        // Free text, not ids, verbs or choices: long enough and with a space in it.
        if (t.length >= 16 && /\s/.test(t) && !/^https?:/.test(t)) typed.add(t.slice(0, 60));
        return;
      }
      if (Array.isArray(value)) return value.forEach((v) => visit(v, depth + 1));
      if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (k !== 'serviceUrl') visit(v, depth + 1);
    };
    const a = activity as { text?: unknown; value?: unknown };
    visit(a?.text, 0);
    visit(a?.value, 0);
  },
  /** A log line of a bot in a child process (test/helpers/serverProcess.ts): kept for the scan. */
  logLine(line: string): void {
    if (active) logLines.push(line);
  },
  /** A logger for in-process bots: JSON lines, kept for the scan. */
  logger(): Logger {
    return jsonLogger((line) => {
      if (active) logLines.push(line);
    });
  },
  counts() {
    return { outgoing: outgoing.length, logLines: logLines.length, typed: typed.size };
  },
};

/**
 * A reply carries the ids of the activity it answers (its id, conversation, sender): the sender's own
 * tokens handed back to it, not text anyone typed, so they are left out of the scan. Names stay in.
 */
function withoutEchoedIds(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text;
  }
  if (!body || typeof body !== 'object') return text;
  const a = body as Record<string, any>;
  delete a.id;
  delete a.replyToId;
  delete a.serviceUrl;
  if (a.conversation) delete a.conversation.id;
  for (const who of [a.from, a.recipient]) if (who) (delete who.id, delete who.aadObjectId);
  if (a.channelData) for (const k of ['tenant', 'team', 'channel']) if (a.channelData[k]) delete a.channelData[k].id;
  return JSON.stringify(a);
}

/** The scan itself, pure: what was sent, what was logged, what people typed → the problems found. */
export function privacyProblems(
  outgoing: readonly { where: string; text: string }[],
  logLines: readonly string[],
  typed: ReadonlySet<string>,
  typedNumbers: readonly { date: string; serial: string }[] = [],
): string[] {
  const problems: string[] = [];
  // The typed numbers' serials must never follow their date, whatever the masker's own pattern says.
  const serialAfterDate = typedNumbers.map(({ date, serial }) => ({ date, pattern: new RegExp(`${date}\\D{0,12}${serial.split('').join('\\D{0,3}')}`) }));
  for (const item of [...outgoing, ...logLines.map((text) => ({ where: 'a log line', text }))]) {
    // In ASCII digits: a serial sent back in another script than it was typed in is still found.
    const normalized = asciiDigits(normalizeTyped(item.text));
    for (const { date, pattern } of serialAfterDate) if (pattern.test(normalized)) problems.push(`the serial of a typed number (${date}-…) in clear in ${item.where}`);
  }
  for (const item of outgoing) {
    if (containsCprLike(item.text, { uuidsAreIds: true })) {
      // Context around the first hit (in the normalized text the positions refer to), to find the field.
      const [hit] = findCprLike(item.text, { uuidsAreIds: true });
      const around = normalizeTyped(item.text).slice(Math.max(0, hit.start - 60), hit.end + 10);
      problems.push(`CPR-like number in clear sent to ${item.where}: …${around}…`);
    }
  }
  for (const line of logLines) {
    if (containsCprLike(line, { uuidsAreIds: true })) problems.push(`CPR-like number in a log line: ${line.slice(0, 200)}`);
    for (const text of typed) if (line.includes(text)) problems.push(`typed text in a log line: ${JSON.stringify(text)}`);
  }
  return problems;
}

/** Mocha root hook plugin (loaded by .mocharc.json "require"). */
export const mochaHooks = {
  beforeAll() {
    active = true;
  },
  afterAll(this: unknown) {
    const counts = privacyWatch.counts();
    if (counts.outgoing === 0 && counts.logLines === 0) return; // a run of files that start no bot
    const problems = privacyProblems(outgoing, logLines, typed, [...typedNumbers.values()]);
    process.stdout.write(
      `privacy scan: ${counts.outgoing} outgoing activities and answers, ${counts.logLines} log lines, ${counts.typed} typed texts watched: ${problems.length} problems\n`,
    );
    if (problems.length > 0) throw new Error(`privacy scan failed:\n  ${[...new Set(problems)].slice(0, 20).join('\n  ')}`);
  },
};
