import { ActivityTypes, CallerIdConstants, ConfigurationServiceClientCredentialFactory, StatusCodes, INVOKE_RESPONSE_KEY, type Activity, type TurnContext } from 'botbuilder';
import { AuthenticationConstants, AuthenticationError, MsalServiceClientCredentialsFactory, type ServiceClientCredentialsFactory } from 'botframework-connector';
import { ConfidentialClientApplication } from '@azure/msal-node';
import type { BotCredentials } from '../config';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import type { ReportingDeps } from '../app/deps';
import { dispatchCase } from '../app/dispatchCase';
import { deliverLink } from '../app/linkReports';
import { planAccessReview } from '../app/accessReview';
import { registerReviewHandlers } from './reviewHandlers';
import type { CoordinationDeps } from '../app/coordinationDeps';
import { ALREADY_DURABLE, StorageUnavailableError, type AccessReviewStore, type DurabilityBarrier, type ExportRequests, type ExportSource, type RegisterIndex, type ScheduleIndex, type UnitDirectory } from '../app/ports';
import type { ReminderPolicy } from '../domain/reminders';
import type { RoutingDeps } from '../app/routing';
import type { Logger } from '../logging';
import { messages } from '../i18n';
import { registerChannelHandlers } from './channelHandlers';
import { registerCommitteeHandlers } from './committeeHandlers';
import { nameCommands, registerNameChatRefusal } from './nameHandlers';
import { registerCommands, registerRegisterHandlers } from './registerHandlers';
import { registerFileExportHandlers } from './fileExport';
import { LocalDownloads } from './localDownloads';
import { BuiltExportCache } from '../app/exportRegister';
import { writeCsv, writeXlsx } from '../export/tableFile';
import { registerCoordinatorHandlers, type OrganisationInfo } from './coordinatorHandlers';
import { registerNis2Handlers } from './nis2Handlers';
import { TeamsNotifier } from './teamsNotifier';
import { limitsFor, Pacer, type PacingLimits } from './pacing';
import { registerReporterHandlers } from './reporterHandlers';
import { registerPeopleHandlers } from './peopleHandlers';
import { localeOf } from './turnIdentity';
import { gateActivity, type GatedActivity } from './inputGate';
import { localeFrom } from '../i18n';

export interface BotOptions {
  /** Unset: local mode (Agents Playground, tests): unsigned requests accepted, replies unsigned. */
  credentials?: BotCredentials;
  /** Test and sovereign-cloud only (BOT_OPENID_METADATA_URL); unset: Microsoft's public value. */
  openIdMetadataUrl?: string;
  /** Test and sovereign-cloud only (BOT_LOGIN_URL): the authority of the bot's own tokens; unset: Microsoft's. */
  loginUrl?: string;
  reporting: ReportingDeps;
  routing: RoutingDeps;
  units: UnitDirectory;
  org: OrganisationInfo;
  schedule: ScheduleIndex;
  policy: ReminderPolicy;
  reviews: AccessReviewStore;
  /** The register index (sager, statistik); without it those commands answer with the hint. */
  register?: RegisterIndex;
  /** The export's reads and offered requests (eksport); without them the command is refused. */
  exports?: { source: ExportSource; requests: ExportRequests };
  /** Tests only (UPLOAD_TEST_ROUTES): an allowed upload host sent to a local server (src/teams/fileUpload.ts). */
  uploadTestRoutes?: ReadonlyMap<string, string>;
  /** Local mode: this server's address, for the export's download link (src/teams/localDownloads.ts). */
  localBaseUrl?: () => string;
  accessReviewMonths: number;
  forceLocale?: 'da' | 'en';
  /** Flushed before any activity leaves (replies, invoke answers, proactive sends). */
  durability?: DurabilityBarrier;
  /** How many instances share Teams' rate limits (BOT_INSTANCES): each paces itself to its share. */
  instances?: number;
  /** Tests: how long a known incident's card waits for more linked reports (default: src/app/linkReports.ts). */
  incidentCardDelayMs?: number;
  /** Tests: other limits than Teams' share for `instances` (the harness paces only when a test asks). */
  pacing?: PacingLimits;
  log: Logger;
}

/** What POST /api/messages answers. */
export interface HttpAnswer {
  status: number;
  body?: unknown;
}

export interface Bot {
  /**
   * POST /api/messages, after the HTTP gate read the JSON body: the activity gate, authentication,
   * the turn. Never a 500: a bad envelope is 400, a failed turn is answered in the person's language.
   */
  handle(body: unknown, authorization: string | undefined): Promise<HttpAnswer>;
  /** Teams as the use cases see it, for the scheduler. */
  coordination: CoordinationDeps;
  /** Resolves when the follow-up work of earlier turns is done (shutdown, tests). */
  idle(): Promise<void>;
  /** Local mode: accepted exports to hand out at GET /api/exports/<token>; unset with credentials. */
  downloads?: LocalDownloads;
}

export function createBot(options: BotOptions): Bot {
  const auth = authenticationSettings(options.credentials, { openIdMetadataUrl: options.openIdMetadataUrl, loginUrl: options.loginUrl });
  const adapter = new GatedTeamsAdapter(auth, credentialsFactory(options.credentials, options.loginUrl, auth));

  adapter.onTurnError = async (context, error) => {
    options.log.error('turn.failed', error, { type: context.activity.type });
    // Best effort: the person must not meet silence, and must know nothing was lost.
    const text = failureText(localeOf(context), error);
    if (context.activity.type === ActivityTypes.Invoke) {
      if (!context.turnState.get(INVOKE_RESPONSE_KEY)) await answerInvoke(context, text).catch(() => undefined);
    } else if (context.activity.type === ActivityTypes.Message) {
      await context.sendActivity(text).catch(() => undefined);
    }
  };

  // Nothing tells a person "saved" before the write is on disk: every activity a turn sends, the invoke
  // answer included, waits for the store's barrier. Proactive posts and card updates bypass this hook;
  // the notifier flushes before each of them (TeamsNotifier.continueIn).
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
    notifier: new TeamsNotifier(adapter, options.credentials?.id ?? '', options.reporting.clock, durability, {}, new Pacer(options.pacing ?? limitsFor(options.instances ?? 1))),
    audit: options.reporting.audit,
    clock: options.reporting.clock,
    log: options.log,
    schedule: options.schedule,
    policy: options.policy,
    reviews: options.reviews,
    incidents: options.reporting.incidents,
    ...(options.incidentCardDelayMs !== undefined ? { incidentCardDelayMs: options.incidentCardDelayMs } : {}),
    accessReviewMonths: options.accessReviewMonths,
    defer,
    ...(options.reporting.people ? { people: options.reporting.people } : {}),
    ...(options.reporting.repeats ? { repeats: options.reporting.repeats } : {}),
  };

  const registerDeps = options.register
    ? { cases: options.reporting.cases, register: options.register, units: options.units, audit: options.reporting.audit, clock: options.reporting.clock, adminAadIds: options.routing.adminAadIds, ...(options.reporting.repeats ? { names: options.reporting.repeats.names } : {}) }
    : undefined;
  const exportDeps = registerDeps && options.exports ? { ...registerDeps, source: options.exports.source, exports: options.exports.requests, files: { xlsx: writeXlsx, csv: writeCsv }, built: new BuiltExportCache() } : undefined;
  // Local mode only: the Playground draws no file consent card, so an export is also offered as buttons
  // and handed out once from this server. With credentials (Teams) there is no such route.
  const downloads = !options.credentials && options.localBaseUrl ? new LocalDownloads() : undefined;
  const local = downloads && options.localBaseUrl ? { downloads, baseUrl: options.localBaseUrl } : undefined;
  const registerCtx = registerDeps
    ? { deps: registerDeps, log: options.log, ...(exportDeps ? { exports: { deps: exportDeps, durability, local } } : {}) }
    : undefined;
  if (registerCtx) registerRegisterHandlers(app, registerCtx);
  if (registerDeps?.names) registerNameChatRefusal(app, { deps: { ...registerDeps, names: registerDeps.names }, log: options.log });
  if (exportDeps) registerFileExportHandlers(app, { deps: exportDeps, log: options.log, durability, upload: { local: !options.credentials, routes: options.uploadTestRoutes }, local });
  registerChannelHandlers(app, {
    routing: options.routing,
    units: options.units,
    log: options.log,
    register: registerCtx ? registerCommands(registerCtx) : undefined,
    names: registerDeps?.names ? nameCommands({ deps: { ...registerDeps, names: registerDeps.names }, log: options.log }) : undefined,
    onCentralRegistered: (tenantId) => planAccessReview(coordination, tenantId, coordination.clock.now()),
  });
  registerReviewHandlers(app, { deps: coordination, log: options.log });
  registerPeopleHandlers(app, options.reporting.people, options.log);
  registerCoordinatorHandlers(app, { deps: coordination, org: options.org, log: options.log });
  registerNis2Handlers(app, { deps: coordination, org: options.org, log: options.log });
  registerCommitteeHandlers(app, { deps: coordination, log: options.log });
  registerReporterHandlers(app, {
    deps: options.reporting,
    units: options.units,
    log: options.log,
    // The receipt does not wait for Teams to accept the channel post; a failed post stays pending on the
    // case and the sweep posts it later.
    onCaseCreated: async (breachCase) => defer(() => dispatchCase(coordination, breachCase.tenantId, breachCase.id, breachCase).then(() => undefined)),
    // Likewise the link of a report tied to a known incident; what fails stays in its outbox for the sweep.
    onTiedReport: async (breachCase) => defer(() => deliverLink(coordination, breachCase)),
  });

  // Registered last, so it takes only what no handler took: a person who wrote or pressed something
  // is never met with silence (a card's old Action.Submit, an @mention in a group chat, a bare submit).
  app.message(
    async (context) => context.activity.type === ActivityTypes.Message,
    async (context) => {
      const m = messages(localeOf(context));
      const type = context.activity.conversation?.conversationType;
      await context.sendActivity(type === 'channel' ? m.channel.hint : type === 'groupChat' ? m.failures.personalOnly : m.hint);
    },
  );

  const turn = async (context: TurnContext) => {
    if (options.forceLocale) context.activity.locale = options.forceLocale === 'en' ? 'en-US' : 'da-DK';
    await app.run(context);
    // An invoke no handler took (an old card's verb, an invoke name the bot does not implement):
    // answered in words rather than with the SDK's 501.
    if (context.activity.type === ActivityTypes.Invoke && !context.turnState.get(INVOKE_RESPONSE_KEY)) {
      const isCardAction = context.activity.name === 'adaptiveCard/action';
      await answerInvoke(context, isCardAction ? messages(localeOf(context)).failures.unknownAction : undefined);
    }
  };

  return {
    handle: async (body, authorization) => {
      const gated = gateActivity(body);
      if (!gated.ok) return { status: 400, body: { error: 'invalid activity' } };
      const activity = gated.activity;
      let entered = false;
      let answer: { status?: number; body?: unknown } | undefined;
      // processActivity, not process(): process() prints every error with its stack to stderr and
      // answers 500 with the exception text. Here the gate decides what leaves.
      try {
        answer = await adapter.processGated(authorization ?? '', activity as unknown as Activity, async (context) => {
          entered = true;
          await turn(context);
        });
      } catch (error) {
        // A refused token is 401 with nothing of the request in it; the SDK's message (which may quote the
        // token's audience or the key id) is neither answered nor logged.
        if (isRefusedToken(error)) {
          options.log.warn('http.unauthorized', { type: activity.type });
          return { status: 401, body: { error: 'unauthorized' } };
        }
        options.log.error('http.turn.failed', error, { type: activity.type });
        // Before the turn ran (Microsoft's key endpoint unreachable) the Bot Service may retry;
        // after it began, the person is answered in their language.
        if (!entered) return { status: 503, body: { error: 'unavailable' } };
        return fallbackAnswer(activity);
      }
      const status = answer?.status ?? 200;
      if (status >= 500) return fallbackAnswer(activity);
      return { status, body: answer?.body };
    },
    coordination,
    ...(downloads ? { downloads } : {}),
    idle: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

/**
 * The SDK's settings (ConfigurationBotFrameworkAuthentication / ConfigurationServiceClientCredentialFactory).
 * The SDK switches to its "parameterized" mode as soon as one endpoint is given, and then takes every
 * endpoint from the settings: so with a test or sovereign-cloud metadata URL, every other value is
 * Microsoft's public one from the SDK's own constants, exactly as its default mode uses them.
 */
export function authenticationSettings(
  credentials: BotCredentials | undefined,
  endpoints: { openIdMetadataUrl?: string; loginUrl?: string } = {},
): Record<string, string | boolean | undefined> {
  if (!credentials) return {};
  const appType = credentials.appType ?? (credentials.tenantId ? 'SingleTenant' : 'MultiTenant');
  const settings: Record<string, string | boolean | undefined> = {
    MicrosoftAppId: credentials.id,
    MicrosoftAppPassword: credentials.password,
    // The SDK's spelling (compared case-insensitively).
    MicrosoftAppType: appType === 'UserAssignedMSI' ? 'UserAssignedMsi' : appType,
    MicrosoftAppTenantId: credentials.tenantId,
  };
  if (!endpoints.openIdMetadataUrl && !endpoints.loginUrl) return settings;
  return {
    ...settings,
    ToBotFromChannelOpenIdMetadataUrl: endpoints.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToChannelFromBotLoginUrl: endpoints.loginUrl ?? AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: true,
  };
}

/**
 * The SDK's own factory, except with a login URL of another cloud (or a test's): the SDK would hand it to
 * MSAL as an unknown authority, and MSAL then asks login.microsoftonline.com's instance discovery whether
 * to trust it. An authority the operator configured is trusted as such (MSAL's knownAuthorities), so the
 * bot's tokens come from that authority alone.
 */
function credentialsFactory(
  credentials: BotCredentials | undefined,
  loginUrl: string | undefined,
  settings: Record<string, string | boolean | undefined>,
): ServiceClientCredentialsFactory {
  if (credentials && loginUrl && credentials.password && credentials.appType !== 'UserAssignedMSI') {
    const authority = new URL(loginUrl);
    return new MsalServiceClientCredentialsFactory(
      credentials.id,
      new ConfidentialClientApplication({
        auth: { clientId: credentials.id, clientSecret: credentials.password, authority: loginUrl, knownAuthorities: [authority.host] },
      }),
    );
  }
  return new ConfigurationServiceClientCredentialFactory(settings);
}

/**
 * A token the SDK refused: its AuthenticationError with 401, or jsonwebtoken's own errors, which the SDK
 * lets through unwrapped for a bad signature, `alg: none`, a wrong algorithm or a malformed token.
 * An AuthenticationError with 500 (the key endpoint did not answer) is not the caller's fault: 503.
 */
function isRefusedToken(error: unknown): boolean {
  if (error instanceof AuthenticationError) return error.statusCode === StatusCodes.UNAUTHORIZED;
  const name = (error as { name?: unknown })?.name;
  return name === 'JsonWebTokenError' || name === 'TokenExpiredError' || name === 'NotBeforeError';
}

function failureText(locale: 'da' | 'en', error: unknown): string {
  const m = messages(locale).failures;
  return error instanceof StorageUnavailableError ? m.storage : m.unexpected;
}

/** An invoke's answer; with a text, Teams shows it beside the card and keeps what was typed in it. */
async function answerInvoke(context: TurnContext, text?: string): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: text === undefined ? {} : messageBody(text) } });
}

/** A Universal Action answer that shows a message beside the card (the card and its inputs stay). */
function messageBody(text: string) {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text };
}

/** The answer when the turn failed after it began and the SDK could not answer for it. */
function fallbackAnswer(activity: GatedActivity): HttpAnswer {
  if (activity.type !== 'invoke') return { status: 200 };
  return { status: 200, body: messageBody(messages(localeFrom(activity.locale)).failures.unexpected) };
}

/** The SDK's adapter, with its activity processing reachable by the gate (it is protected there). */
class GatedTeamsAdapter extends TeamsAdapter {
  processGated(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authorization, activity, logic);
  }
}
