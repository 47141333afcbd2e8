/**
 * The reporter's journey over plain HTTP against a server that may be another process:
 * anmeld → report.submit → report.confirm, every turn timed, nothing assumed about the bot's internals.
 */
import { execute, message, personalConversationId, type User } from './activities';
import { actionData, cardOf, cardText } from './cardQueries';
import type { FakeConnector } from './fakeConnector';
import { validReportValues } from './reportValues';

export interface TurnResult {
  status: number;
  body: any;
  ms: number;
}

/** POST /api/messages; a hung or refused request comes back as status 0 after `timeoutMs`, never throws. */
export async function postActivity(url: string, activity: object, timeoutMs = 15000): Promise<TurnResult> {
  const started = Date.now();
  try {
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body, ms: Date.now() - started };
  } catch {
    return { status: 0, body: undefined, ms: Date.now() - started };
  }
}

/** Sends "anmeld" and returns the report card the bot posted to the connector. */
export async function openReportForm(url: string, connector: FakeConnector, u: User): Promise<any> {
  const activity = message(u, connector.url, 'anmeld');
  const res = await postActivity(url, activity);
  if (res.status !== 200) throw new Error(`anmeld: HTTP ${res.status}`);
  await connector.waitFor((calls) => calls.some((c) => c.body?.replyToId === activity.id && actionData(cardOf(c.body), 'report.submit')));
  const reply = connector.calls.find((c) => c.body?.replyToId === activity.id && actionData(cardOf(c.body), 'report.submit'))!;
  return cardOf(reply.body);
}

/** report.submit with valid values: the summary card (with report.confirm). */
export async function submitReport(url: string, connector: FakeConnector, u: User, form: any, values = validReportValues(new Date())): Promise<any> {
  const res = await postActivity(url, execute(u, connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...values }));
  const summary = res.body?.value;
  if (res.status !== 200 || !actionData(summary, 'report.confirm')) throw new Error(`submit: HTTP ${res.status}, no summary card`);
  return summary;
}

/** report.confirm: the case number on the receipt. */
export async function confirmReport(url: string, connector: FakeConnector, u: User, summary: any): Promise<string> {
  const res = await postActivity(url, execute(u, connector.url, 'report.confirm', actionData(summary, 'report.confirm')));
  const number = /BV-\d{4}-\d{4,}/.exec(cardText(res.body?.value))?.[0];
  if (res.status !== 200 || !number) throw new Error(`confirm: HTTP ${res.status}, no case number on the receipt`);
  return number;
}

/** "mine sager": every case number on the list card. */
export async function listMyCaseNumbers(url: string, connector: FakeConnector, u: User): Promise<string[]> {
  const activity = message(u, connector.url, 'mine sager');
  const res = await postActivity(url, activity);
  if (res.status !== 200) throw new Error(`mine sager: HTTP ${res.status}`);
  await connector.waitFor((calls) => calls.some((c) => c.body?.replyToId === activity.id));
  const reply = connector.calls.find((c) => c.body?.replyToId === activity.id && c.conversationId === personalConversationId(u))!;
  return [...new Set(cardText(cardOf(reply.body)).match(/BV-\d{4}-\d{4,}/g) ?? [])];
}
