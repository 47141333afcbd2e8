import type { TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { ChannelAddress, UnitDirectory } from '../app/ports';
import { CENTRAL_UNIT_ID } from '../app/ports';
import { readRouting, registerCentral, registerCommittee, registerUnit, unregisterUnit, type RoutingDeps, type RoutingResult } from '../app/routing';
import { COMMITTEE_UNIT, COMMITTEE_WORDS, isReservedUnitId, parseChannelCommand } from '../domain/unit';
import { committeeTexts } from '../i18n/committeeTexts';
import { fill, messages } from '../i18n';
import type { Logger } from '../logging';
import type { RegisterCommands } from './registerHandlers';
import type { NameCommands } from './nameHandlers';
import { teamsRoster } from './teamsRoster';
import { localeOf, personOf, tenantOf } from './turnIdentity';

interface TeamsChannelData {
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string };
  eventType?: string;
}

export function isChannel(context: TurnContext): boolean {
  return context.activity.conversation?.conversationType === 'channel';
}

export function channelAddressOf(context: TurnContext): ChannelAddress | null {
  const data = (context.activity.channelData ?? {}) as TeamsChannelData;
  const teamId = data.team?.id;
  // A thread's conversation id is "<channel id>;messageid=<root>": the channel is the part before.
  const channelId = data.channel?.id ?? context.activity.conversation.id.split(';')[0];
  if (!teamId || !channelId) return null;
  return {
    serviceUrl: context.activity.serviceUrl,
    tenantId: tenantOf(context),
    teamId,
    teamName: data.team?.name ?? '',
    channelId,
    channelName: data.channel?.name ?? '',
    botId: context.activity.recipient.id,
  };
}

/** Installed in a team: introduce the bot in the channel it was added through. */
export async function introduceInTeam(context: TurnContext, log: Logger): Promise<void> {
  log.info('installed.team');
  await context.sendActivity(messages(localeOf(context)).channel.intro);
}

export function isTeamEvent(context: TurnContext): boolean {
  return !!(context.activity.channelData as TeamsChannelData | undefined)?.team?.id;
}

export function registerChannelHandlers(
  app: Application<TurnState>,
  ctx: { routing: RoutingDeps; units: UnitDirectory; log: Logger; onCentralRegistered(tenantId: string): Promise<void>; register?: RegisterCommands; names?: NameCommands },
): void {
  const { log } = ctx;

  app.message(
    async (context) => isChannel(context) && !!context.activity.text,
    async (context) => {
      const m = messages(localeOf(context)).channel;
      const command = parseChannelCommand(context.activity.text ?? '');
      const tenantId = tenantOf(context);
      const actor = personOf(context);
      const channel = channelAddressOf(context);
      log.info('channel.command', { command: command.kind });
      const roster = teamsRoster(context, log);

      const cm = committeeTexts(localeOf(context)).channel;
      const answer = (result: RoutingResult, unit: string, okText: string) => {
        if (result.ok) return fill(okText, { unit });
        const texts = { admins_only: m.adminsOnly, not_authorized: m.notAuthorized, no_central: m.notAuthorized, invalid_name: m.invalidName, not_registered: m.notRegistered, roster_unavailable: m.rosterUnavailable, reserved_name: cm.reservedName };
        return fill(texts[result.reason], { unit });
      };

      switch (command.kind) {
        case 'registerCentral': {
          if (!channel) return void (await context.sendActivity(m.hint));
          const result = await registerCentral(ctx.routing, tenantId, actor, channel, localeOf(context));
          if (result.ok) await ctx.onCentralRegistered(tenantId);
          return void (await context.sendActivity(answer(result, 'central', m.registeredCentral)));
        }
        case 'registerCommittee': {
          // `tilmeld udvalg` is the committee's registration (the word is reserved); a refusal says so.
          if (!channel) return void (await context.sendActivity(m.hint));
          const result = await registerCommittee(ctx.routing, tenantId, actor, channel, localeOf(context));
          return void (await context.sendActivity(result.ok ? cm.registered : result.reason === 'admins_only' ? cm.adminsOnly : answer(result, 'udvalg', cm.registered)));
        }
        case 'register':
          if (!channel) return void (await context.sendActivity(m.hint));
          return void (await context.sendActivity(
            answer(await registerUnit(ctx.routing, tenantId, actor, roster, command.unitName, channel, localeOf(context)), command.unitName, m.registered),
          ));
        case 'unregister': {
          const result = await unregisterUnit(ctx.routing, tenantId, actor, roster, command.unitName);
          if (COMMITTEE_WORDS.test(command.unitName)) {
            const text = result.ok ? cm.unregistered : result.reason === 'admins_only' ? cm.adminsOnly : answer(result, command.unitName, m.unregistered);
            return void (await context.sendActivity(text));
          }
          return void (await context.sendActivity(answer(result, command.unitName, m.unregistered)));
        }
        case 'units': {
          const read = await readRouting(ctx.routing, tenantId, actor, roster);
          if (!read.ok) return void (await context.sendActivity(read.reason === 'roster_unavailable' ? m.rosterUnavailable : m.unitsRefused));
          const all = read.registrations;
          const central = all.find((u) => u.id === CENTRAL_UNIT_ID);
          const committee = all.find((u) => u.id === COMMITTEE_UNIT);
          const lines = [
            `**${m.unitsTitle}**`,
            central ? fill(m.centralLine, { team: central.channel.teamName, channel: central.channel.channelName || 'General' }) : m.centralMissing,
            committee ? fill(cm.line, { team: committee.channel.teamName, channel: committee.channel.channelName || 'General' }) : cm.missing,
            ...all
              .filter((u) => !isReservedUnitId(u.id))
              .sort((a, b) => a.name.localeCompare(b.name, 'da'))
              .map((u) => fill(m.unitLine, { unit: u.name, team: u.channel.teamName, channel: u.channel.channelName || 'General' })),
          ];
          if (all.length === 0) lines.push(m.unitsNone);
          return void (await context.sendActivity(lines.join('\n\n')));
        }
        case 'cases':
          if (ctx.register) return ctx.register.cases(context);
          return void (await context.sendActivity(m.hint));
        case 'casesCheck':
          if (ctx.register) return ctx.register.check(context, command.year);
          return void (await context.sendActivity(m.hint));
        case 'statistics':
          if (ctx.register) return ctx.register.statistics(context, command.year);
          return void (await context.sendActivity(m.hint));
        case 'auditLog':
          if (ctx.register) return ctx.register.auditLog(context, command.caseNumber);
          return void (await context.sendActivity(m.hint));
        case 'export':
        case 'exportAudit':
          if (ctx.register) return ctx.register.export(context, command);
          return void (await context.sendActivity(m.hint));
        // The central group's merged spellings of system and supplier names (issue 18 part 4).
        case 'mergeNames':
        case 'unmergeName':
        case 'names':
          if (ctx.names) return ctx.names.handle(context, command);
          return void (await context.sendActivity(m.hint));
        default:
          await context.sendActivity(m.hint);
      }
    },
  );
}
