/**
 * The privacy scan over the whole suite (Ballerup/KMD: CPR numbers ended up in a support system).
 * Every activity the bot sends to the fake Bot Connector, every invoke answer and every log line of
 * every in-process bot is recorded here; after the last test (a root hook, so it sees every file) the
 * scan fails the run if any of them holds a CPR-like number in clear, or if a log line holds text a
 * person typed into the bot.
 */
import { containsCprLike, findCprLike } from '../../src/domain/cpr';
import { jsonLogger, type Logger } from '../../src/logging';

const outgoing: { where: string; text: string }[] = [];
const logLines: string[] = [];
/** Free text people typed (report fields, notes, messages): must never reach a log line. */
const typed = new Set<string>();

export const privacyWatch = {
  /** What the bot sent out (a connector request body, an invoke answer). */
  sent(where: string, body: unknown): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
    if (text) outgoing.push({ where, text });
  },
  /** What a test sent in: the free text in it is remembered. */
  received(activity: unknown): void {
    const visit = (value: unknown, depth: number) => {
      if (depth > 6) return;
      if (typeof value === 'string') {
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
  /** A logger for in-process bots: JSON lines, kept for the scan. */
  logger(): Logger {
    return jsonLogger((line) => logLines.push(line));
  },
  counts() {
    return { outgoing: outgoing.length, logLines: logLines.length, typed: typed.size };
  },
};

/** The scan itself, pure: what was sent, what was logged, what people typed → the problems found. */
export function privacyProblems(outgoing: readonly { where: string; text: string }[], logLines: readonly string[], typed: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const item of outgoing) {
    if (containsCprLike(item.text)) problems.push(`CPR-like number in clear sent to ${item.where}: ${findCprLike(item.text).map((m) => m.text).join(', ')}`);
  }
  for (const line of logLines) {
    if (containsCprLike(line)) problems.push(`CPR-like number in a log line: ${line.slice(0, 200)}`);
    for (const text of typed) if (line.includes(text)) problems.push(`typed text in a log line: ${JSON.stringify(text)}`);
  }
  return problems;
}

/** Mocha root hook plugin (loaded by .mocharc.json "require"). */
export const mochaHooks = {
  afterAll(this: unknown) {
    const counts = privacyWatch.counts();
    if (counts.outgoing === 0 && counts.logLines === 0) return; // a run of files that start no bot
    const problems = privacyProblems(outgoing, logLines, typed);
    process.stdout.write(
      `privacy scan: ${counts.outgoing} outgoing activities and answers, ${counts.logLines} log lines, ${counts.typed} typed texts watched: ${problems.length} problems\n`,
    );
    if (problems.length > 0) throw new Error(`privacy scan failed:\n  ${[...new Set(problems)].slice(0, 20).join('\n  ')}`);
  },
};
