import { CardFactory, MessageFactory, TeamsInfo, type Activity, type CloudAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { ALREADY_DURABLE, DeliveryError, type AccessReviewUnit, type DurabilityBarrier, type CaseNotifier, type ReporterMessage, type UnitRegistration } from '../app/ports';
import type { BreachCase, CasePost, ChannelAddress, ConversationAddress, OutboxItem, Person } from '../domain/case';
import { notificationDeadline } from '../domain/deadline';
import { caseClock } from '../domain/caseWork';
import { formatCopenhagen, formatDuration } from '../domain/copenhagenTime';
import { reminderTexts } from '../i18n/reminderTexts';
import type { TimelineEntry } from '../domain/caseWork';
import { caseMessages } from '../i18n/caseMessages';
import { fill } from '../i18n';
import type { Clock } from '../app/ports';
import { renderCard } from './cardRenderer';
import { isAmbiguous, withRetry, type RetryOptions } from './retry';
import { Pacer, PacingDeferred } from './pacing';
import { renderCaseCard } from './caseCardRenderer';
import { nis2ReminderText } from './nis2Reminder';
import { feedbackView } from './views/feedbackView';
import { timelineText } from './views/timelineText';
import { accessReviewView } from './views/accessReviewView';
import { tellManagerYourselfText } from '../i18n/managerTexts';
import { COMMITTEE_UNIT } from '../domain/unit';
import { renderCommitteeCard } from './committeeCard';
import { committeeTexts, risksLine } from '../i18n/committeeTexts';
import { municipalRisksOf } from '../domain/committee';

/**
 * Proactive messaging: channel threads, card updates and the reporter's 1:1 chat. Each send is retried
 * while Teams definitely did not take it; a failure that may hide an accepted send is thrown as an
 * ambiguous DeliveryError, and the use case's claim on the case decides what happens next.
 * Every attempt of every send first takes its turn at the pacer (Teams' rate limits per conversation
 * and tenant, 429s honoured for the whole conversation); a send the pacer defers is a refusal, so the
 * outbox keeps it.
 */
export class TeamsNotifier implements CaseNotifier {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
    private readonly clock: Clock,
    /** Flushed before anything is sent: a card in a channel must never show a case the store could still lose. */
    private readonly durability: DurabilityBarrier = ALREADY_DURABLE,
    private readonly retry: RetryOptions = {},
    private readonly pacer: Pacer = new Pacer(),
  ) {}

  private async continueIn(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    // Posts (createConversation) and card updates (updateActivity) do not pass the turn's
    // onSendActivities hook, so every proactive turn waits for the barrier here, before it sends.
    await this.durability.flush();
    // The adapter hands an error inside the turn to its onTurnError and resolves: a failed send would
    // look delivered. It is carried out of the turn instead, so the outbox keeps what Teams did not take.
    let failure: { error: unknown } | null = null;
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
      withoutSdkRetries(context.turnState.get(context.adapter.ConnectorClientKey));
      try {
        await logic(context);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw (failure as { error: unknown }).error;
  }

  private threadReference(post: CasePost, conversationId: string): Partial<ConversationReference> {
    return {
      serviceUrl: post.channel.serviceUrl,
      channelId: 'msteams',
      conversation: { id: conversationId, isGroup: true, conversationType: 'channel', tenantId: post.channel.tenantId, name: '' },
      bot: { id: post.channel.botId, name: 'Brudvagt' },
    };
  }

  private caseCard(post: CasePost, breachCase: BreachCase) {
    // The committee's channel (issue 18, part 2) sees its own card, drawn from its view only.
    if (post.unitId === COMMITTEE_UNIT) return CardFactory.adaptiveCard(renderCommitteeCard(breachCase, post.locale, this.clock.now()));
    return CardFactory.adaptiveCard(renderCaseCard({ breachCase, post, locale: post.locale, now: this.clock.now() }));
  }

  async postCaseCard(post: CasePost, breachCase: BreachCase): Promise<{ threadId: string; activityId: string }> {
    let result: { threadId: string; activityId: string } | undefined;
    await this.continueIn(this.threadReference(post, post.channel.channelId), async (context) => {
      const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      const created = await this.send(post.channel.tenantId, post.channel.channelId, () =>
        client.conversations.createConversation({
          isGroup: true,
          bot: { id: post.channel.botId, name: 'Brudvagt' },
          tenantId: post.channel.tenantId,
          channelData: { channel: { id: post.channel.channelId }, tenant: { id: post.channel.tenantId } },
          activity: { type: 'message', attachments: [this.caseCard(post, breachCase)] },
        } as Parameters<typeof client.conversations.createConversation>[0]),
      );
      const activityId = created.activityId ?? /messageid=([^;]+)/.exec(created.id ?? '')?.[1] ?? '';
      result = { threadId: created.id ?? `${post.channel.channelId};messageid=${activityId}`, activityId };
    });
    if (!result) throw new Error('channel post returned nothing');
    return result;
  }

  async updateCaseCard(post: CasePost, breachCase: BreachCase): Promise<void> {
    if (!post.threadId || !post.activityId) return;
    const activity = { ...MessageFactory.attachment(this.caseCard(post, breachCase)), id: post.activityId };
    await this.continueIn(this.threadReference(post, post.threadId), async (context) => {
      // PUT of the whole card: repeating it is harmless, so every transient failure is retried.
      await this.send(post.channel.tenantId, post.threadId!, () => context.updateActivity(activity), true);
    });
  }

  async postThreadLine(post: CasePost, entry: TimelineEntry): Promise<void> {
    if (!post.threadId) throw new Error('no thread to write in yet');
    await this.continueIn(this.threadReference(post, post.threadId), async (context) => {
      await this.send(post.channel.tenantId, post.threadId!, () => context.sendActivity(timelineText(entry, post.locale)));
    });
  }

  /**
   * One send with the retries its kind allows, each attempt paced for its conversation and tenant;
   * what still fails says whether Teams may have taken it (a deferred send was not made: a refusal).
   */
  private async send<T>(tenantId: string, conversationId: string, fn: () => Promise<T>, idempotent = false): Promise<T> {
    try {
      return await withRetry(() => this.pacer.run(tenantId, conversationId, fn), { ...this.retry, idempotent });
    } catch (error) {
      throw new DeliveryError(!idempotent && isAmbiguous(error), error, error instanceof PacingDeferred);
    }
  }

  async remind(breachCase: BreachCase, post: CasePost, reminder: OutboxItem, now: Date): Promise<void> {
    if (reminder.kind === 'committee' || reminder.kind === 'committee_missing' || reminder.kind === 'committee_failing') return this.remindCommittee(breachCase, post, reminder, now);
    const deadline = notificationDeadline(caseClock(breachCase));
    const owner = breachCase.work.owner ?? null;
    const t = reminderTexts(post.locale);
    const mention = owner ? { id: owner.teamsUserId, name: owner.name } : { id: post.channel.channelId, name: post.channel.channelName || t.channel };
    const who = `<at>${mention.name}</at>`;
    const left = deadline.getTime() - now.getTime();
    const template = reminder.kind === 'deadline' && (reminder.hoursLeft ?? 1) <= 0 ? t.deadline_now : ((t as Record<string, string>)[reminder.kind] ?? t.deadline);
    // A NIS2 duty's reminder speaks of its own report and deadline (issue 18, part 3).
    const text = nis2ReminderText(breachCase, reminder, post.locale, now, who) ?? fill(template, {
      who,
      number: breachCase.number,
      deadline: formatCopenhagen(deadline, post.locale),
      left: formatDuration(Math.max(left, 0), post.locale),
      over: formatDuration(Math.max(-left, 0), post.locale),
      age: formatDuration(now.getTime() - Date.parse(breachCase.reportedAt), post.locale),
    });
    const activity = {
      type: 'message',
      text: reminder.kind === 'escalation' ? text.replace(who, '') : text,
      entities: reminder.kind === 'escalation' ? [] : [{ type: 'mention', text: who, mentioned: mention }],
    };
    if (post.threadId) {
      await this.continueIn(this.threadReference(post, post.threadId), async (context) => {
        await this.send(post.channel.tenantId, post.threadId!, () => context.sendActivity(activity));
      });
    } else {
      await this.postInChannel(post.channel, activity);
    }
  }

  /**
   * The committee's reminder in its card's thread, or the central channel's notice that no committee is
   * registered or that its channel refuses the card (issue 18, part 2): case number, the risks' short names
   * and how long ago; no report text.
   */
  private async remindCommittee(breachCase: BreachCase, post: CasePost, reminder: OutboxItem, now: Date): Promise<void> {
    const t = committeeTexts(post.locale);
    const asked = breachCase.work.committee?.askedAt ?? breachCase.reportedAt;
    const text = fill(reminder.kind === 'committee' ? t.reminder : reminder.kind === 'committee_failing' ? t.failingNotice : t.missingNotice, {
      number: breachCase.number,
      risks: risksLine(municipalRisksOf(breachCase.work), post.locale),
      age: formatDuration(Math.max(0, now.getTime() - Date.parse(asked)), post.locale),
    });
    const activity = { type: 'message', text };
    if (post.threadId) {
      await this.continueIn(this.threadReference(post, post.threadId), async (context) => {
        await this.send(post.channel.tenantId, post.threadId!, () => context.sendActivity(activity));
      });
    } else {
      await this.postInChannel(post.channel, activity);
    }
  }

  async postFailing(central: UnitRegistration, breachCase: BreachCase, post: CasePost): Promise<void> {
    const t = reminderTexts(central.locale);
    const text = fill(t.post_failing, {
      number: breachCase.number,
      channel: post.channel.channelName || post.channel.channelId,
      team: post.channel.teamName,
      failures: String(post.failures ?? 0),
      since: formatCopenhagen(new Date(post.failingSince ?? this.clock.now().toISOString()), central.locale),
      deadline: formatCopenhagen(notificationDeadline(caseClock(breachCase)), central.locale),
    });
    await this.postInChannel(central.channel, { type: 'message', text });
  }

  /** A message as a new thread of its own in a channel. */
  private async postInChannel(channel: ChannelAddress, activity: Partial<Activity>): Promise<void> {
    await this.continueIn(this.channelReference(channel), async (context) => {
      const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      await this.send(channel.tenantId, channel.channelId, () =>
        client.conversations.createConversation({
          isGroup: true,
          bot: { id: channel.botId, name: 'Brudvagt' },
          tenantId: channel.tenantId,
          channelData: { channel: { id: channel.channelId }, tenant: { id: channel.tenantId } },
          activity,
        } as Parameters<typeof client.conversations.createConversation>[0]),
      );
    });
  }

  async teamMembers(channel: ChannelAddress): Promise<Person[]> {
    const members: Person[] = [];
    await this.continueIn(this.channelReference(channel), async (context) => {
      let token: string | undefined;
      do {
        const page = await withRetry(() => TeamsInfo.getPagedTeamMembers(context, channel.teamId, 500, token), { ...this.retry, idempotent: true });
        for (const m of page.members ?? []) members.push({ aadObjectId: m.aadObjectId ?? m.id, teamsUserId: m.id, name: m.name ?? '' });
        token = page.continuationToken || undefined;
      } while (token);
    });
    return members;
  }

  async postAccessReview(central: UnitRegistration, review: { reviewId: string; units: AccessReviewUnit[]; reminder: boolean; dueSince: string }): Promise<void> {
    const card = CardFactory.adaptiveCard(renderCard('accessReview', accessReviewView({ ...review, locale: central.locale })));
    await this.continueIn(this.channelReference(central.channel), async (context) => {
      const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      await withRetry(
        () =>
          this.pacer.run(central.channel.tenantId, central.channel.channelId, () => client.conversations.createConversation({
            isGroup: true,
            bot: { id: central.channel.botId, name: 'Brudvagt' },
            tenantId: central.channel.tenantId,
            channelData: { channel: { id: central.channel.channelId }, tenant: { id: central.channel.tenantId } },
            activity: { type: 'message', attachments: [card] },
          } as Parameters<typeof client.conversations.createConversation>[0])),
        this.retry,
      );
    });
  }

  private channelReference(channel: ChannelAddress): Partial<ConversationReference> {
    return {
      serviceUrl: channel.serviceUrl,
      channelId: 'msteams',
      conversation: { id: channel.channelId, isGroup: true, conversationType: 'channel', tenantId: channel.tenantId, name: '' },
      bot: { id: channel.botId, name: 'Brudvagt' },
    };
  }

  async sendToReporter(breachCase: BreachCase, message: ReporterMessage): Promise<void> {
    const address = breachCase.reporterAddress;
    const locale = breachCase.reporterLocale;
    const m = caseMessages(locale);
    const reference: Partial<ConversationReference> = {
      serviceUrl: address.serviceUrl,
      channelId: address.channelId,
      conversation: { id: address.conversationId, isGroup: false, conversationType: 'personal', tenantId: address.tenantId, name: '' },
      bot: { id: address.botId, name: address.botName },
      user: { id: breachCase.reporter.teamsUserId, name: breachCase.reporter.name },
    };
    const activity =
      message.kind === 'closed'
        ? MessageFactory.attachment(CardFactory.adaptiveCard(renderCard('feedback', feedbackView(breachCase, locale))))
        : MessageFactory.text(
            message.kind === 'acknowledged'
              ? fill(m.reporter.acknowledged, { number: breachCase.number, owner: message.ownerName })
              : message.kind === 'routed'
                ? fill(m.reporter.routed, { number: breachCase.number, units: message.units })
                : message.kind === 'tellManager'
                  ? tellManagerYourselfText(breachCase.number, locale)
                  : fill(m.reporter.linked, { number: breachCase.number, to: message.toCaseNumber }),
          );
    await this.continueIn(reference, async (context) => {
      await this.send(address.tenantId, address.conversationId, () => context.sendActivity(activity));
    });
  }

  /**
   * The 1:1 chat with a person the bot has no address for (issue 18): Teams' create-conversation with the
   * person as the one member. Teams refuses it with 403 when the app is not installed for the person and
   * 404 when there is no such person: null, for good. Anything else is thrown and retried by the outbox.
   */
  async openPersonalChat(to: { tenantId: string; serviceUrl: string; botId: string; botName: string; aadObjectId: string; teamsUserId?: string }): Promise<ConversationAddress | null> {
    let address: ConversationAddress | null = null;
    const reference: Partial<ConversationReference> = { serviceUrl: to.serviceUrl, channelId: 'msteams', conversation: { id: 'new', isGroup: false, conversationType: 'personal', tenantId: to.tenantId, name: '' }, bot: { id: to.botId, name: to.botName } };
    try {
      await this.continueIn(reference, async (context) => {
        const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
        const created = await this.send(to.tenantId, `open:${to.aadObjectId}`, () =>
          client.conversations.createConversation({
            isGroup: false,
            bot: { id: to.botId, name: to.botName },
            members: [{ id: to.teamsUserId || to.aadObjectId, aadObjectId: to.aadObjectId, name: '' }],
            tenantId: to.tenantId,
            channelData: { tenant: { id: to.tenantId } },
          } as Parameters<typeof client.conversations.createConversation>[0]),
        true);
        if (created.id) address = { serviceUrl: to.serviceUrl, conversationId: created.id, tenantId: to.tenantId, channelId: 'msteams', botId: to.botId, botName: to.botName };
      });
    } catch (error) {
      const status = statusOfError(error);
      if (status === 403 || status === 404) return null;
      throw error;
    }
    return address;
  }

  async sendToPerson(address: ConversationAddress, teamsUserId: string, text: string): Promise<'sent' | 'refused'> {
    const reference: Partial<ConversationReference> = {
      serviceUrl: address.serviceUrl,
      channelId: address.channelId,
      conversation: { id: address.conversationId, isGroup: false, conversationType: 'personal', tenantId: address.tenantId, name: '' },
      bot: { id: address.botId, name: address.botName },
      user: { id: teamsUserId, name: '' },
    };
    try {
      await this.continueIn(reference, async (context) => {
        await this.send(address.tenantId, address.conversationId, () => context.sendActivity(MessageFactory.text(text)));
      });
    } catch (error) {
      const status = statusOfError(error);
      if (status === 403 || status === 404) return 'refused';
      throw error;
    }
    return 'sent';
  }
}

/** The HTTP status inside a failure (a DeliveryError carries the connector's error as its cause). */
function statusOfError(error: unknown): number | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const x = e as { statusCode?: number; status?: number; response?: { status?: number }; cause?: unknown };
    const status = x.statusCode ?? x.response?.status ?? (typeof x.status === 'number' ? x.status : undefined);
    if (typeof status === 'number') return status;
    e = x.cause;
  }
  return undefined;
}

/**
 * The Bot Framework client's HTTP pipeline retries every 5xx, 408 and 429 by itself (three times, with
 * backoff). For a new thread or a message that repeats a send Teams may already have taken: one post
 * answered 500 became several threads. Its retry policies are removed from the clients this notifier
 * sends with; `withRetry` above decides per kind of send what may be repeated.
 */
function withoutSdkRetries(connector: unknown): void {
  const pipeline = (connector as { client?: { pipeline?: { removePolicy(options: { phase?: string }): unknown } } } | undefined)?.client?.pipeline;
  pipeline?.removePolicy({ phase: 'Retry' });
}
