/**
 * The export's Teams side: the file consent card in the person's 1:1 chat, and its answers
 * (`fileConsent/invoke`): on accept the file is built, uploaded to the URL Teams gave and announced
 * with a file card; on decline nothing is written. What may be exported is decided in
 * src/app/exportRegister.ts; the card carries only the request's id.
 *
 * The upload runs inside the accept invoke (measured: 10,000 cases in `npm run bench`, BENCH_ONLY=export)
 * so the person sees the file card as the answer; Teams waits for an invoke's answer up to about 15 s.
 */
import { CardFactory, MessageFactory, type Attachment, type TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { AdaptiveCard, Application, TurnState } from '@microsoft/teams-ai';
import { acceptExport, declineExport, type AcceptResult, type ExportDeps } from '../app/exportRegister';
import { ALREADY_DURABLE, type DurabilityBarrier, type ExportRequest } from '../app/ports';
import { fill, registerTexts } from '../i18n';
import type { Logger } from '../logging';
import type { CardData, FileConsentValue } from './inputGate';
import { NO_ID, recordId } from './cardIds';
import { renderCard } from './cardRenderer';
import { CONTENT_TYPES } from '../export/tableFile';
import type { LocalDownloads } from './localDownloads';
import { exportLocalView } from './views/exportLocalView';
import { checkUploadUrl, uploadFile, type UploadCheck, type UploadPolicy } from './fileUpload';
import { auditRegister } from '../app/registerAccess';
import { maskCpr } from '../domain/cpr';
import { teamsRoster } from './teamsRoster';
import { localeOf, personOf, tenantOf } from './turnIdentity';

export interface FileExportCtx {
  deps: ExportDeps;
  log: Logger;
  durability?: DurabilityBarrier;
  /**
   * Where an accept may have the file uploaded (src/teams/fileUpload.ts): with BOT_ID https to Teams'
   * OneDrive/SharePoint hosts only; local mode keeps its looser rule (an http URL on this machine, the fake connector).
   */
  upload: UploadPolicy;
  /** Local mode: the Playground's stand-in for the consent card (see LocalDownloads). */
  local?: LocalExport;
}

export interface LocalExport {
  downloads: LocalDownloads;
  /** This server's own address, for the download link. */
  baseUrl(): string;
}

export function fileConsentCard(request: ExportRequest, sizeInBytes: number, description: string): Attachment {
  return {
    contentType: 'application/vnd.microsoft.teams.card.file.consent',
    name: request.fileName,
    content: {
      description,
      sizeInBytes,
      acceptContext: { requestId: request.id },
      declineContext: { requestId: request.id },
    },
  };
}

/**
 * Sends the consent card to the person's 1:1 chat with the bot, opened from the channel's turn (Teams
 * lets a bot installed in a team start a chat with its members). false: Teams did not take it.
 */
export async function offerInPersonalChat(context: TurnContext, card: Attachment, durability: DurabilityBarrier, log: Logger, localCard?: Attachment): Promise<boolean> {
  // The request must survive a crash before the person can press "accept" on it.
  await durability.flush();
  const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
  const tenantId = tenantOf(context);
  try {
    const conversation = await client.conversations.createConversation({
      isGroup: false,
      bot: { id: context.activity.recipient.id, name: context.activity.recipient.name ?? 'Brudvagt' },
      members: [{ id: context.activity.from.id, name: '' }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as Parameters<typeof client.conversations.createConversation>[0]);
    await client.conversations.sendToConversation(conversation.id, { type: 'message', attachments: [card] } as Parameters<typeof client.conversations.sendToConversation>[1]);
    if (localCard) await client.conversations.sendToConversation(conversation.id, { type: 'message', attachments: [localCard] } as Parameters<typeof client.conversations.sendToConversation>[1]);
    return true;
  } catch (error) {
    log.warn('export.offer_failed', { status: (error as { statusCode?: number }).statusCode });
    return false;
  }
}

function fileInfoCard(info: NonNullable<FileConsentValue['uploadInfo']>): Attachment {
  return {
    contentType: 'application/vnd.microsoft.teams.card.file.info',
    contentUrl: info.contentUrl,
    name: info.name,
    content: { uniqueId: info.uniqueId, fileType: info.fileType },
  };
}

const consentOf = (context: TurnContext): FileConsentValue | null => {
  const value = context.activity.value as Partial<FileConsentValue> | undefined;
  return value && value.context && typeof value.context.requestId === 'string' ? (value as FileConsentValue) : null;
};

/** The local-mode card offering the export (the Playground shows no file consent card). */
export function localOfferCard(request: ExportRequest, description: string): Attachment {
  return CardFactory.adaptiveCard(renderCard('exportLocal', exportLocalView({ locale: request.locale, fileName: request.fileName, description, requestId: request.id, state: 'offered' })));
}

export function registerFileExportHandlers(app: Application<TurnState>, ctx: FileExportCtx): void {
  const texts = (context: TurnContext) => registerTexts(localeOf(context)).export;
  const durability = ctx.durability ?? ALREADY_DURABLE;

  const local = ctx.local;
  if (local) {
    app.adaptiveCards.actionExecute('export.local.accept', async (context, _state, data: CardData) => {
      const requestId = recordId(data.requestId) ?? NO_ID;
      let token = '';
      const result = await acceptExport(ctx.deps, tenantOf(context), personOf(context), teamsRoster(context, ctx.log), requestId, async (bytes, request) => {
        token = local.downloads.put({ name: request.fileName, contentType: CONTENT_TYPES[request.format], bytes });
      });
      ctx.log.info('export.accept', { outcome: result.kind, local: true });
      if (result.kind !== 'done') return acceptText(result, localeOf(context), true);
      const r = result.request;
      return renderCard('exportLocal', exportLocalView({ locale: localeOf(context), fileName: r.fileName, description: '', requestId: r.id, state: 'ready', rows: result.rows, url: `${local.baseUrl()}/api/exports/${token}` })) as AdaptiveCard;
    });
    app.adaptiveCards.actionExecute('export.local.decline', async (context, _state, data: CardData) => {
      const outcome = await declineExport(ctx.deps, tenantOf(context), personOf(context), recordId(data.requestId) ?? NO_ID);
      const t = texts(context);
      return outcome === 'declined' ? t.declined : outcome === 'not_found' ? t.notFound : outcome === 'not_requester' ? t.notRequester : t.alreadyDone;
    });
  }

  app.fileConsentAccept(async (context) => {
    const consent = consentOf(context);
    const t = texts(context);
    if (!consent || !consent.uploadInfo) return void (await context.sendActivity(t.notUnderstood));
    const info = consent.uploadInfo;
    // Checked before anything is claimed, read or built: a URL Teams would not hand out gets nothing.
    const checked = checkUploadUrl(info.uploadUrl, ctx.upload);
    if (!checked.ok) {
      await refuseUpload(context, consent.context.requestId, checked);
      await durability.flush();
      return void (await context.sendActivity(t.uploadRefused));
    }
    const result = await acceptExport(ctx.deps, tenantOf(context), personOf(context), teamsRoster(context, ctx.log), consent.context.requestId, (bytes) =>
      uploadFile(info.uploadUrl, bytes, { policy: ctx.upload }),
    );
    ctx.log.info('export.accept', { outcome: result.kind, ...(result.kind === 'done' ? { rows: result.rows } : {}), ...(result.kind === 'refused' ? { reason: result.reason } : {}) });
    await durability.flush();
    if (result.kind === 'done') {
      await context.sendActivity({ ...MessageFactory.attachment(fileInfoCard(info)) });
      await context.sendActivity(fill(t.uploaded, { file: info.name, rows: result.rows }));
      return;
    }
    await context.sendActivity(acceptText(result, localeOf(context)));
  });

  /**
   * An accept whose upload URL is not one Teams hands out (a forged or replayed invoke, a compromised
   * client): audited as refused on the export it named, like a stranger's accept (`not_requester`). The
   * request stays offered, so the person can still accept it from the real card.
   */
  async function refuseUpload(context: TurnContext, requestId: string, checked: Extract<UploadCheck, { ok: false }>): Promise<void> {
    const tenantId = tenantOf(context);
    const found = await ctx.deps.exports.get(tenantId, requestId);
    const kind = found?.value.kind === 'audit' ? 'audit' : 'export';
    // The host as the URL parser gave it (no spaces, no path), masked and cut: it is the sender's text.
    const host = checked.host ? ` host=${maskCpr(checked.host).slice(0, 100)}` : '';
    const detail = `upload_url_refused reason=${checked.reason}${host}`;
    await auditRegister(ctx.deps, tenantId, personOf(context), kind === 'audit' ? 'audit.export' : 'register.export', `register:${kind}:${requestId}`, 'refused', detail);
    ctx.log.warn('export.upload_refused', { reason: checked.reason, found: !!found });
  }

  // A consent answer the gate could not read (no action, a forged context): said in words, not ignored.
  app.addRoute(
    async (context) => context.activity.type === 'invoke' && context.activity.name === 'fileConsent/invoke' && !consentOf(context),
    async (context) => void (await context.sendActivity(texts(context).notUnderstood)),
    true,
  );

  app.fileConsentDecline(async (context) => {
    const consent = consentOf(context);
    const t = texts(context);
    if (!consent) return void (await context.sendActivity(t.notUnderstood));
    const outcome = await declineExport(ctx.deps, tenantOf(context), personOf(context), consent.context.requestId);
    ctx.log.info('export.decline', { outcome });
    const text = outcome === 'declined' ? t.declined : outcome === 'not_found' ? t.notFound : outcome === 'not_requester' ? t.notRequester : t.alreadyDone;
    await context.sendActivity(text);
  });
}

/**
 * What the channel is told after an offer: the button the person will see in the chat. Teams shows its
 * file consent card («Tillad»); local mode (the Playground) shows «Gem filen» and then «Hent filen».
 */
export function offeredText(locale: 'da' | 'en', request: { kind: 'register' | 'audit'; fileName: string }, rows: number, local: boolean): string {
  const t = registerTexts(locale).export;
  const text = request.kind === 'audit' ? (local ? t.offeredAuditLocal : t.offeredAudit) : local ? t.offeredLocal : t.offered;
  return fill(text, { file: request.fileName, rows });
}

/** `local`: said under local mode's card, whose buttons are «Gem filen» and «Hent filen», not Teams' «Tillad». */
function acceptText(result: Exclude<AcceptResult, { kind: 'done' }>, locale: 'da' | 'en', local = false): string {
  const all = registerTexts(locale);
  const t = all.export;
  switch (result.kind) {
    case 'refused':
      return all.refused[result.reason];
    case 'not_found':
      return t.notFound;
    case 'not_requester':
      return t.notRequester;
    case 'declined':
      return t.declined;
    case 'expired':
      return t.expired;
    case 'in_progress':
      return t.inProgress;
    case 'already_done':
      return local ? t.alreadyDoneLocal : t.alreadyDone;
    case 'upload_failed':
      return local ? t.uploadFailedLocal : t.uploadFailed;
  }
}

