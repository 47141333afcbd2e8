import { ConfigurationServiceClientCredentialFactory, type Request, type Response } from 'botbuilder';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import type { ReportingDeps } from '../app/deps';
import { dispatchCase } from '../app/dispatchCase';
import { planAccessReview } from '../app/accessReview';
import { registerReviewHandlers } from './reviewHandlers';
import type { CoordinationDeps } from '../app/coordinationDeps';
import { ALREADY_DURABLE, type AccessReviewStore, type DurabilityBarrier, type ScheduleIndex, type UnitDirectory } from '../app/ports';
import type { ReminderPolicy } from '../domain/reminders';
import type { RoutingDeps } from '../app/routing';
import type { Logger } from '../logging';
import { messages } from '../i18n';
import { registerChannelHandlers } from './channelHandlers';
import { registerCoordinatorHandlers, type OrganisationInfo } from './coordinatorHandlers';
import { TeamsNotifier } from './teamsNotifier';
import { registerReporterHandlers } from './reporterHandlers';
import { localeOf } from './turnIdentity';

export interface BotOptions {
  /** Unset: local mode (Agents Playground, tests): unsigned requests accepted, replies unsigned. */
  credentials?: { id: string; password: string; tenantId?: string };
  reporting: ReportingDeps;
  routing: RoutingDeps;
  units: UnitDirectory;
  org: OrganisationInfo;
  schedule: ScheduleIndex;
  policy: ReminderPolicy;
  reviews: AccessReviewStore;
  accessReviewMonths: number;
  forceLocale?: 'da' | 'en';
  /** Flushed before any activity leaves (replies, invoke answers, proactive sends). */
  durability?: DurabilityBarrier;
  log: Logger;
}

export interface Bot {
  /** The handler for POST /api/messages. */
  handle(req: Request, res: Response): Promise<void>;
  /** Teams as the use cases see it, for the scheduler. */
  coordination: CoordinationDeps;
  /** Resolves when the follow-up work of earlier turns is done (shutdown, tests). */
  idle(): Promise<void>;
}

export function createBot(options: BotOptions): Bot {
  const auth = options.credentials
    ? {
        MicrosoftAppId: options.credentials.id,
        MicrosoftAppPassword: options.credentials.password,
        MicrosoftAppType: options.credentials.tenantId ? 'SingleTenant' : 'MultiTenant',
        MicrosoftAppTenantId: options.credentials.tenantId,
      }
    : {};
  const adapter = new TeamsAdapter(auth, new ConfigurationServiceClientCredentialFactory(auth));

  adapter.onTurnError = async (context, error) => {
    options.log.error('turn.failed', error, { type: context.activity.type });
    if (context.activity.type === 'message') {
      // Best effort: the person must not meet silence, and must know nothing was lost.
      await context.sendActivity(messages(localeOf(context)).failures.storage).catch(() => undefined);
    }
  };

  // Nothing tells a person "saved" before the write is on disk: every outgoing activity, the invoke
  // answer included, waits for the store's barrier. Middleware runs for proactive sends too.
  const durability = options.durability ?? ALREADY_DURABLE;
  adapter.use({
    onTurn: async (context, next) => {
      context.onSendActivities(async (_context, _activities, send) => {
        await durability.flush();
        return send();
      });
      await next();
    },
  });

  const app = new Application<TurnState>({
    adapter,
    botAppId: options.credentials?.id ?? '',
    // Turn state is not used: drafts and cases are the state, in Table Storage.
    startTypingTimer: false,
    removeRecipientMention: true,
    longRunningMessages: false,
  });

  // Follow-up work runs after the invoke is answered; tracked so shutdown (and tests) can wait for it.
  const pending = new Set<Promise<void>>();
  const defer = (task: () => Promise<void>) => {
    const running: Promise<void> = task()
      .catch((error) => options.log.error('deferred.failed', error))
      .finally(() => pending.delete(running));
    pending.add(running);
  };

  const coordination: CoordinationDeps = {
    cases: options.reporting.cases,
    units: options.units,
    notifier: new TeamsNotifier(adapter, options.credentials?.id ?? '', options.reporting.clock),
    audit: options.reporting.audit,
    clock: options.reporting.clock,
    log: options.log,
    schedule: options.schedule,
    policy: options.policy,
    reviews: options.reviews,
    accessReviewMonths: options.accessReviewMonths,
    defer,
  };

  registerChannelHandlers(app, {
    routing: options.routing,
    units: options.units,
    log: options.log,
    onCentralRegistered: (tenantId) => planAccessReview(coordination, tenantId, coordination.clock.now()),
  });
  registerReviewHandlers(app, { deps: coordination, log: options.log });
  registerCoordinatorHandlers(app, { deps: coordination, org: options.org, log: options.log });
  registerReporterHandlers(app, {
    deps: options.reporting,
    units: options.units,
    log: options.log,
    // The receipt does not wait for Teams to accept the channel post; a failed post stays pending on the
    // case and the sweep posts it later.
    onCaseCreated: async (breachCase) => defer(() => dispatchCase(coordination, breachCase.tenantId, breachCase.id, breachCase).then(() => undefined)),
  });

  return {
    handle: (req, res) =>
      adapter.process(req, res, async (context) => {
        if (options.forceLocale) context.activity.locale = options.forceLocale === 'en' ? 'en-US' : 'da-DK';
        await app.run(context);
      }),
    coordination,
    idle: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
