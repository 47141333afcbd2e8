import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { ConversationAddress, Locale, Person } from '../domain/case';
import { localeFrom } from '../i18n';

/** The tenant the activity belongs to; one deployment may serve several municipalities. */
export function tenantOf(context: TurnContext): string {
  const a = context.activity;
  return a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? 'default';
}

/** Teams always sends aadObjectId for real users; the Teams user id stands in where a client omits it. */
export function personOf(context: TurnContext): Person {
  const from = context.activity.from;
  return { aadObjectId: from.aadObjectId ?? from.id, teamsUserId: from.id, name: from.name ?? '' };
}

export function localeOf(context: TurnContext): Locale {
  return localeFrom(context.activity.locale);
}

export function addressOf(context: TurnContext): ConversationAddress {
  const a = context.activity;
  return {
    serviceUrl: a.serviceUrl,
    conversationId: a.conversation.id,
    tenantId: tenantOf(context),
    channelId: a.channelId,
    botId: a.recipient?.id ?? '',
    botName: a.recipient?.name ?? '',
  };
}

/**
 * Name and mail from the Teams roster. The roster has no job title or department (that would need
 * Microsoft Graph), so those are carried over from the reporter's previous report instead.
 */
export async function profileOf(context: TurnContext): Promise<{ name?: string; email?: string }> {
  try {
    const member = await TeamsInfo.getMember(context, context.activity.from.id);
    return { name: member.name || undefined, email: member.email || member.userPrincipalName || undefined };
  } catch {
    return { name: context.activity.from.name || undefined };
  }
}

export function isPersonal(context: TurnContext): boolean {
  const type = context.activity.conversation?.conversationType;
  return type === undefined || type === 'personal';
}
