/**
 * `flet`/`merge`, `fjern fletning`/`unmerge` and `navne`/`names` in a channel (issue 18 part 4): the
 * central group's merged spellings of system and supplier names. The rules are in src/app/mergeNames.ts;
 * this turns the parsed command into the use case's call and its answer into words.
 */
import type { TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { listNames, mergeNames, unmergeName, type NamesDeps } from '../app/mergeNames';
import { auditRegister, type RegisterRefusal, type RegisterViewer } from '../app/registerAccess';
import type { Locale } from '../domain/case';
import { formatCopenhagen } from '../domain/copenhagenTime';
import { maskCpr } from '../domain/cpr';
import { MERGE_NAME_MAX, parseChannelCommand, type ChannelCommand } from '../domain/unit';
import { fill, registerTexts } from '../i18n';
import { repeatsTexts } from '../i18n/repeatsTexts';
import type { Logger } from '../logging';
import { channelAddressOf, isChannel } from './channelHandlers';
import { teamsRoster } from './teamsRoster';
import { localeOf, personOf, tenantOf } from './turnIdentity';
import { asPlainText } from './views/plainText';

export type NameCommand = Extract<ChannelCommand, { kind: 'mergeNames' | 'unmergeName' | 'names' }>;

export interface NameCommands {
  handle(context: TurnContext, command: NameCommand): Promise<void>;
}

/** A typed name as an answer shows it: masked, one line, as text (never markdown or a link). */
const shown = (name: string): string => asPlainText(maskCpr(name).replace(/\s+/g, ' ').trim());

export function nameCommands(ctx: { deps: NamesDeps; log: Logger }): NameCommands {
  const refusal = (locale: Locale, reason: RegisterRefusal): string =>
    reason === 'central_only' ? repeatsTexts(locale).merge.centralOnly : registerTexts(locale).refused[reason];
  return {
    async handle(context, command) {
      const locale = localeOf(context);
      const t = repeatsTexts(locale);
      const viewer: RegisterViewer = { person: personOf(context), channel: isChannel(context) ? channelAddressOf(context) : null, roster: teamsRoster(context, ctx.log) };
      const tenantId = tenantOf(context);
      const answer = await (async (): Promise<string> => {
        if (command.kind === 'names') {
          const result = await listNames(ctx.deps, tenantId, viewer);
          ctx.log.info('names.list', { outcome: result.kind });
          if (result.kind === 'refused') return refusal(locale, result.reason);
          if (result.aliases.length === 0) return t.names.none;
          const lines = result.aliases.map((a) =>
            fill(t.names.line, { kind: t.kindsTitle[a.kind], from: shown(a.fromName), into: shown(a.toName), by: shown(a.by), at: a.at ? formatCopenhagen(new Date(a.at), locale) : '' }),
          );
          return [`**${t.names.title}**`, ...lines].join('\n\n');
        }
        if (command.kind === 'mergeNames') {
          if (!command.what || command.from === null || command.into === null) return fill(t.merge.usage, { max: MERGE_NAME_MAX });
          const from = maskCpr(command.from);
          const into = maskCpr(command.into);
          const result = await mergeNames(ctx.deps, tenantId, viewer, command.what, from, into);
          ctx.log.info('names.merge', { outcome: result.kind, ...(result.kind === 'refused' ? { reason: result.reason } : {}) });
          const words = { kind: t.kinds[command.what], from: shown(from), into: shown(into) };
          if (result.kind === 'refused') return refusal(locale, result.reason);
          if (result.kind === 'empty_name') return t.merge.emptyName;
          if (result.kind === 'same') return fill(t.merge.same, words);
          return fill(t.merge.done, words);
        }
        if (!command.what || command.name === null) return t.merge.unmergeUsage;
        const name = maskCpr(command.name);
        const result = await unmergeName(ctx.deps, tenantId, viewer, command.what, name);
        ctx.log.info('names.unmerge', { outcome: result.kind, ...(result.kind === 'refused' ? { reason: result.reason } : {}) });
        if (result.kind === 'refused') return refusal(locale, result.reason);
        const words = { kind: t.kinds[command.what], from: shown(name) };
        return fill(result.kind === 'unmerged' ? t.merge.undone : t.merge.notMerged, words);
      })();
      await context.sendActivity(answer);
    },
  };
}

/**
 * `flet`, `fjern fletning` and `navne` outside a channel (a personal or a group chat): refused and audited
 * like the register's commands there (registerHandlers.ts), so the words never reach the reporter's
 * «start a report with your text?». Registered beside the register's handlers, before the reporter's.
 */
export function registerNameChatRefusal(app: Application<TurnState>, ctx: { deps: NamesDeps; log: Logger }): void {
  app.message(
    async (context) => !isChannel(context) && isNameCommand(context.activity.text ?? ''),
    async (context) => {
      const kind = parseChannelCommand(context.activity.text ?? '').kind;
      const action = kind === 'mergeNames' ? 'names.merge' : kind === 'unmergeName' ? 'names.unmerge' : 'names.list';
      ctx.log.info('names.refused', { reason: 'not_channel' });
      await auditRegister(ctx.deps, tenantOf(context), personOf(context), action, 'register:?', 'refused', 'not_channel');
      await context.sendActivity(registerTexts(localeOf(context)).refused.not_channel);
    },
  );
}

export function isNameCommand(text: string): boolean {
  const kind = parseChannelCommand(text).kind;
  return kind === 'mergeNames' || kind === 'unmergeName' || kind === 'names';
}
