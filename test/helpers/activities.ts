/** Teams-shaped activities, as Teams delivers them to POST /api/messages. */
import { randomUUID } from 'node:crypto';

export const TENANT = '11111111-2222-4333-8444-555555555555';
export const BOT = { id: '28:brudvagt-bot', name: 'Brudvagt' };

export interface User {
  id: string;
  aadObjectId: string;
  name: string;
  email: string;
}

export function user(n: number, name = `Medarbejder ${n}`): User {
  const hex = n.toString(16).padStart(12, '0');
  return { id: `29:user-${n}`, aadObjectId: `00000000-0000-4000-8000-${hex}`, name, email: `m${n}@kommune.example` };
}

export function personalConversationId(u: User): string {
  return `a:personal-${u.aadObjectId}`;
}

function base(u: User, serviceUrl: string, locale: string) {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    locale,
    from: { id: u.id, name: u.name, aadObjectId: u.aadObjectId },
    recipient: BOT,
    conversation: { id: personalConversationId(u), conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
  };
}

export function installPersonal(u: User, serviceUrl: string, locale = 'da-DK') {
  return { ...base(u, serviceUrl, locale), type: 'conversationUpdate', membersAdded: [{ id: BOT.id }, { id: u.id }] };
}

export function message(u: User, serviceUrl: string, text: string, locale = 'da-DK') {
  return { ...base(u, serviceUrl, locale), type: 'message', text };
}

/** Action.Submit arrives as a message with `value` and no text. */
export function submit(u: User, serviceUrl: string, value: Record<string, unknown>, locale = 'da-DK') {
  return { ...base(u, serviceUrl, locale), type: 'message', value, replyToId: 'card-1' };
}

/** Action.Execute arrives as an adaptiveCard/action invoke; the answer is in the HTTP response. */
export function execute(u: User, serviceUrl: string, verb: string, data: Record<string, unknown>, locale = 'da-DK', replyToId = 'card-1') {
  return {
    ...base(u, serviceUrl, locale),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

export interface TeamChannel {
  teamId: string;
  teamName: string;
  channelId: string;
  channelName: string;
}

export function teamChannel(n: number, teamName = `Team ${n}`): TeamChannel {
  return { teamId: `19:team-${n}@thread.tacv2`, teamName, channelId: `19:channel-${n}@thread.tacv2`, channelName: `Koordinatorer ${n}` };
}

function channelBase(u: User, serviceUrl: string, ch: TeamChannel, locale: string, conversationId = ch.channelId) {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    locale,
    from: { id: u.id, name: u.name, aadObjectId: u.aadObjectId },
    recipient: BOT,
    conversation: { id: conversationId, conversationType: 'channel', isGroup: true, tenantId: TENANT },
    channelData: { tenant: { id: TENANT }, team: { id: ch.teamId, name: ch.teamName }, channel: { id: ch.channelId, name: ch.channelName } },
  };
}

export function installInTeam(u: User, serviceUrl: string, ch: TeamChannel, locale = 'da-DK') {
  const a = channelBase(u, serviceUrl, ch, locale, ch.teamId);
  return { ...a, type: 'conversationUpdate', membersAdded: [{ id: BOT.id }], channelData: { ...a.channelData, eventType: 'teamMemberAdded' } };
}

/** In a channel Teams delivers a message only when the bot is @mentioned. */
export function channelMessage(u: User, serviceUrl: string, ch: TeamChannel, text: string, locale = 'da-DK') {
  return {
    ...channelBase(u, serviceUrl, ch, locale),
    type: 'message',
    text: `<at>${BOT.name}</at> ${text}`,
    entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }],
  };
}

export function channelExecute(u: User, serviceUrl: string, ch: TeamChannel, conversationId: string, verb: string, data: Record<string, unknown>, replyToId: string, locale = 'da-DK') {
  return {
    ...channelBase(u, serviceUrl, ch, locale, conversationId),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}
