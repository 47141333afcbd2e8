import { ActivityTypes, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { cardsPending } from '../domain/outbox';
import type { AdaptiveCard, Application, TurnState } from '@microsoft/teams-ai';
import { cancelReport } from '../app/cancelReport';
import { confirmReport, type CardConfirmation } from '../app/confirmReport';
import type { ReportingDeps } from '../app/deps';
import { editReport } from '../app/editReport';
import { listMyCases } from '../app/listMyCases';
import { CENTRAL_UNIT_ID, StorageUnavailableError, type Draft, type UnitDirectory, type Versioned } from '../app/ports';
import type { CardData } from './inputGate';
import { etagOf, NO_ID, recordId } from './cardIds';
import { startReport, startReportWithText, type TextStartResult } from '../app/startReport';
import { submitReportForm, type DraftRef } from '../app/submitReportForm';
import type { BreachCase, Locale } from '../domain/case';
import { mentionsCpr } from '../domain/cpr';
import { emptyReportValues, pickReportValues, REPORT_FIELDS, type FieldErrors, type ReportValues } from '../domain/report';
import { fill, messages } from '../i18n';
import type { Logger } from '../logging';
import { introduceInTeam, isTeamEvent } from './channelHandlers';
import { asPersonalCommand, nearMissCommand, personalCommand } from './commands';
import { renderCard, type CardName } from './cardRenderer';
import { addressOf, isPersonal, localeOf, personOf, profileOf, tenantOf } from './turnIdentity';
import type { Choice } from './views/choices';
import { myCasesView } from './views/myCasesView';
import { receiptView } from './views/receiptView';
import { reportFormView } from './views/reportFormView';
import { reportSummaryView } from './views/reportSummaryView';
import { staleDraftView } from './views/staleDraftView';
import { incidentQuestionView } from './views/incidentQuestionView';
import { tiedReportView } from './views/tiedReportView';
import { activeIncidentCase, submitTiedReport } from '../app/reportKnownIncident';
import { welcomeView } from './views/welcomeView';
import { textOfferView } from './views/textOfferView';
import { didYouMeanView } from './views/didYouMeanView';
import { describesSomething, type Seeding } from '../domain/freeText';
import { EMPTY_TEXT, masked, type MaskedText } from '../domain/maskedText';
import { LIMITS } from '../domain/reportValidation';
import { rememberInstall } from './peopleHandlers';

interface Ctx {
  deps: ReportingDeps;
  units: UnitDirectory;
  log: Logger;
  onCaseCreated(breachCase: BreachCase): Promise<void>;
  /** A report tied to a known incident was created: its link is delivered after the receipt (linkReports.ts). */
  onTiedReport(breachCase: BreachCase): Promise<void>;
}

const card = (name: CardName, data: object) => renderCard(name, data) as AdaptiveCard;
const cardMessage = (c: AdaptiveCard) => MessageFactory.attachment(CardFactory.adaptiveCard(c));

/**
 * The registered units, plus "don't know" (routed to the central channel with a note). When no unit
 * is registered the question is not asked at all and the report goes to the central channel.
 */
async function unitChoices(ctx: Ctx, tenantId: string, locale: Locale): Promise<Choice[]> {
  const units = (await ctx.units.list(tenantId)).map((u) => ({ value: u.id, title: u.name }));
  return units.length === 0 ? [] : [...units, { value: CENTRAL_UNIT_ID, title: messages(locale).form.unitUnknown }];
}

/** A malformed id or ETag from a card is no id: the draft is then not found and the card is stale. */
function refOf(context: TurnContext, data: CardData): DraftRef {
  return {
    tenantId: tenantOf(context),
    reporterAadId: personOf(context).aadObjectId,
    draftId: recordId(data.draftId) ?? NO_ID,
    etag: etagOf(data.etag),
  };
}

function formCard(locale: Locale, draft: Versioned<Draft>, units: Choice[], notice?: string): AdaptiveCard {
  return card('reportForm', reportFormView({ locale, draftId: draft.value.draftId, etag: draft.etag, values: draft.value.values, errors: draft.value.errors, units, notice }));
}

/** A card that is older than the stored draft: show the draft as it is now, or say the form is closed. */
async function currentDraftCard(ctx: Ctx, context: TurnContext, current: Versioned<Draft> | null, notice?: string): Promise<AdaptiveCard | string> {
  const locale = localeOf(context);
  if (!current || current.value.stage === 'submitted') return messages(locale).draft.stale;
  const units = await unitChoices(ctx, current.value.tenantId, locale);
  if (current.value.stage === 'summary') {
    const values = current.value.values;
    const cprFound = REPORT_FIELDS.some((f) => mentionsCpr(values[f]));
    return card('reportSummary', reportSummaryView({ locale, draftId: current.value.draftId, etag: current.etag, values, cprFound, units, notice }));
  }
  return formCard(locale, current, units, notice);
}

/**
 * An action from an outdated report card says what happened and what to do, keeping what it can:
 * - the draft was cancelled (or a later one was sent or cancelled): the card's values are offered as a new report;
 * - this report was sent already: its number;
 * - a newer report is in progress: that one, with a word that the button was old;
 * - the same draft changed since the card was drawn: its latest version, with a word.
 */
async function outdatedCard(ctx: Ctx, context: TurnContext, ref: DraftRef, current: Versioned<Draft> | null, kept: ReportValues): Promise<AdaptiveCard | string> {
  const locale = localeOf(context);
  const m = messages(locale).draft;
  const sameDraft = current !== null && current.value.draftId === ref.draftId;
  if (current && current.value.stage !== 'submitted') {
    return currentDraftCard(ctx, context, current, sameDraft ? m.olderCard : m.newerDraft);
  }
  if (sameDraft && !current.value.cancelledAt) {
    const sent = current.value.caseNumber ?? (await ctx.deps.cases.get(ref.tenantId, ref.draftId))?.value.number;
    if (sent) return fill(m.sentAlready, { number: sent });
  } else if (!sameDraft) {
    const sent = await ctx.deps.cases.get(ref.tenantId, ref.draftId);
    if (sent && sent.value.reporter.aadObjectId === ref.reporterAadId) return fill(m.sentAlready, { number: sent.value.number });
  }
  const typed = REPORT_FIELDS.some((f) => kept[f] !== '');
  if (!typed) return m.stale;
  return card('staleDraft', staleDraftView(locale, kept));
}

/** The values an outdated card carried in its data (JSON, masked at the gate and again here). */
function keptValues(data: CardData): ReportValues {
  if (typeof data.values !== 'string') return emptyReportValues();
  try {
    const parsed = JSON.parse(data.values) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? pickReportValues(parsed as Record<string, unknown>) : emptyReportValues();
  } catch {
    return emptyReportValues();
  }
}

/** The values the summary card showed, if it carried them (older cards did not: then confirm reads the draft). */
function cardConfirmation(context: TurnContext, data: CardData): CardConfirmation | undefined {
  if (typeof data.values !== 'string') return undefined;
  try {
    const parsed = JSON.parse(data.values) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    return { values: pickReportValues(parsed as Record<string, unknown>), reporter: personOf(context), address: addressOf(context), locale: localeOf(context) };
  } catch {
    return undefined;
  }
}

/**
 * What the reporter is told about the words from the chat on the first card after «Anmeld et brud med
 * denne tekst»: where they went (or that a report in progress was not overwritten), that they were cut,
 * and, as the form says it, that a CPR-like number in them is masked.
 */
function seedingNotice(locale: Locale, seeding: Seeding, resumed: boolean, cut: boolean, whatHappened: string): string {
  const t = messages(locale).freeText;
  // A report in progress with no description yet: the reporter is told both that it continues and where the words went.
  const continued = resumed && seeding === 'set' ? messages(locale).draft.resumed : '';
  const where = fill(t[seeding === 'set' ? 'seeded' : seeding], { max: LIMITS.whatHappened });
  const cutNote = cut && seeding !== 'noRoom' ? fill(t.cut, { max: LIMITS.whatHappened }) : '';
  const cpr = mentionsCpr(whatHappened) ? messages(locale).summary.cprWarning : '';
  return [continued, where, cutNote, cpr].filter((n) => n !== '').join(' ');
}

export function registerReporterHandlers(app: Application<TurnState>, ctx: Ctx): void {
  const { deps, log } = ctx;

  /**
   * "anmeld" and everything that starts a report: the known-incident question while incidents are active,
   * else the form (a resumed summary as it was). With `typed` (words from the chat, «Anmeld et brud med
   * denne tekst»), those words are put into «Hvad er der sket?» of the draft first (startReportWithText),
   * so whichever card follows carries them, and the reporter is told where they went.
   */
  const reportCard = async (context: TurnContext, typed?: MaskedText): Promise<AdaptiveCard> => {
    const locale = localeOf(context);
    const tenantId = tenantOf(context);
    const input = { tenantId, reporter: personOf(context), address: addressOf(context), locale, profile: profileOf(context) };
    // The profile (Teams' roster), the unit choices, the known incidents and the draft read run side by
    // side; profileOf never rejects, and a listing that cannot be read only means the question is not asked.
    const [units, incidents, started] = await Promise.all([
      unitChoices(ctx, tenantId, locale),
      deps.incidents.active(tenantId).catch((error) => (log.error('incident.listing.unreadable', error), [])),
      typed ? startReportWithText(deps, input, typed) : startReport(deps, input),
    ]);
    const { draft, resumed } = started;
    const seeding = 'seeding' in started ? (started as TextStartResult) : undefined;
    // What happened to the words is logged as a word of the bot's own; never the words.
    log.info('report.started', { resumed, incidents: incidents.length, ...(seeding ? { seeding: seeding.seeding, cut: seeding.cut } : {}) });
    const m = messages(locale);
    const told = seeding ? seedingNotice(locale, seeding.seeding, resumed, seeding.cut, draft.value.values.whatHappened) : undefined;
    // A summary waiting for «Send» stays as it was (words that did not go in leave it there, with a word why).
    if (resumed && draft.value.stage === 'summary') return (await currentDraftCard(ctx, context, draft, told)) as AdaptiveCard;
    const notice = told ?? (resumed ? m.draft.resumed : undefined);
    if (incidents.length > 0) {
      return card('incidentQuestion', incidentQuestionView({ locale, draftId: draft.value.draftId, etag: draft.etag, incidents, notice }));
    }
    return formCard(locale, draft, units, notice);
  };

  const start = async (context: TurnContext) => {
    await context.sendActivity(cardMessage(await reportCard(context)));
  };

  const tiedCard = (locale: Locale, ref: { draftId: string; etag: string }, incidentId: string, title: string, values: ReportValues, errors: FieldErrors, units: Choice[], notice?: string) =>
    card('tiedReport', tiedReportView({ locale, draftId: ref.draftId, etag: ref.etag, incidentId, title, values, errors, units, notice }));

  const showMine = async (context: TurnContext) => {
    const locale = localeOf(context);
    const cases = await listMyCases(deps, tenantOf(context), personOf(context));
    await context.sendActivity(cardMessage(card('myCases', myCasesView(locale, cases))));
  };

  const cancel = async (context: TurnContext): Promise<string> => {
    const m = messages(localeOf(context));
    const outcome = await cancelReport(deps, tenantOf(context), personOf(context).aadObjectId);
    return outcome === 'cancelled' ? m.draft.cancelled : m.draft.nothingToCancel;
  };

  const welcome = async (context: TurnContext) => {
    await context.sendActivity(cardMessage(card('welcome', welcomeView(localeOf(context)))));
  };

  app.conversationUpdate('membersAdded', async (context) => {
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id);
    if (!botAdded) return;
    if (isTeamEvent(context)) return introduceInTeam(context, log);
    if (isPersonal(context)) {
      log.info('installed.personal');
      await rememberInstall(context, deps.people, log);
      await welcome(context);
    }
  });

  // Welcome-card buttons are Action.Submit: they post a new card and leave the welcome in place.
  app.adaptiveCards.actionSubmit('report.start', async (context) => start(context));
  app.adaptiveCards.actionSubmit('cases.mine', async (context) => showMine(context));

  // «Anmeld et brud med denne tekst» (the offer's input carries the words; a plain report without it).
  // The offer is replaced by what follows; if the store fails, the offer comes back with the words in it.
  app.adaptiveCards.actionExecute('report.fromText', async (context, _state, data: CardData) => {
    const typed = typeof data.whatHappened === 'string' ? data.whatHappened : EMPTY_TEXT;
    try {
      return await reportCard(context, describesSomething(typed) ? typed : undefined);
    } catch (error) {
      log.error('report.fromText.failed', error);
      const locale = localeOf(context);
      const notice = error instanceof StorageUnavailableError ? messages(locale).failures.storage : messages(locale).failures.unexpected;
      return card('textOffer', textOfferView({ locale, text: typed, notice }));
    }
  });

  // The button of «Mente du «anmeld»?»: the command, answered in place of the question.
  app.adaptiveCards.actionExecute('command.run', async (context, _state, data: CardData): Promise<AdaptiveCard | string> => {
    const locale = localeOf(context);
    const command = asPersonalCommand(data.command);
    log.info('command', { command: command ?? 'unknown', from: 'didYouMean' });
    switch (command) {
      case 'report':
        return reportCard(context);
      case 'myCases':
        return card('myCases', myCasesView(locale, await listMyCases(deps, tenantOf(context), personOf(context))));
      case 'help':
        return card('welcome', welcomeView(locale));
      case 'cancel':
        return cancel(context);
      default:
        return messages(locale).failures.unknownAction;
    }
  });

  /**
   * Words that are no command (issue 17, must do 3): a near miss ("anmled") gets «Mente du «anmeld»?»
   * with a button that runs it; anything else gets the offer to report it with those words, or to ask
   * «Er det et brud?». Nothing is stored until a button is pressed (the words ride on the card).
   */
  const answerWords = async (context: TurnContext) => {
    const locale = localeOf(context);
    const miss = nearMissCommand(context.activity.text);
    log.info('words', { answer: miss ? 'nearMiss' : 'offer', ...(miss ? { command: miss.command } : {}) });
    if (miss) {
      await context.sendActivity(cardMessage(card('didYouMean', didYouMeanView(locale, miss))));
      return;
    }
    // Masked at the gate; an @mention is no part of what happened.
    const text = masked((context.activity.text ?? '').replace(/<at>[^<]*<\/at>/gi, ''));
    if (text === '') {
      await context.sendActivity(messages(locale).hint);
      return;
    }
    await context.sendActivity(cardMessage(card('textOffer', textOfferView({ locale, text }))));
  };

  app.message(
    async (context) => isPersonal(context) && context.activity.type === ActivityTypes.Message && !!context.activity.text,
    async (context) => {
      const command = personalCommand(context.activity.text);
      // The command's name, or that it was none: the words themselves are never logged.
      log.info('command', { command: command ?? 'unknown' });
      switch (command) {
        case 'report':
          return start(context);
        case 'myCases':
          return showMine(context);
        case 'help':
          return welcome(context);
        case 'cancel':
          await context.sendActivity(await cancel(context));
          return;
        default:
          return answerWords(context);
      }
    },
  );

  // The form flow uses Action.Execute so each step replaces the card in place.
  app.adaptiveCards.actionExecute('report.submit', async (context, _state, data: CardData) => {
    const locale = localeOf(context);
    const ref = refOf(context, data);
    const tenantId = tenantOf(context);
    let units: Choice[] = [];
    try {
      units = await unitChoices(ctx, tenantId, locale);
      const result = await submitReportForm(deps, ref, data, units.map((u) => u.value));
      log.info('report.form', { outcome: result.kind });
      if (result.kind === 'invalid') {
        const notice = result.cprFound ? messages(locale).summary.cprWarning : undefined;
        return card('reportForm', reportFormView({ locale, draftId: ref.draftId, etag: result.etag, values: result.values, errors: result.errors, units, notice }));
      }
      if (result.kind === 'summary') {
        return card('reportSummary', reportSummaryView({ locale, draftId: ref.draftId, etag: result.etag, values: result.values, cprFound: result.cprFound, units }));
      }
      return outdatedCard(ctx, context, ref, result.current, pickReportValues(data));
    } catch (error) {
      log.error('report.form.failed', error);
      // The values live in the card: hand them back with the failure, so nothing typed is lost
      // (masked, as everything from the gate: the card is kept in the chat history).
      const kept = pickReportValues(data);
      return card('reportForm', reportFormView({ locale, draftId: ref.draftId, etag: ref.etag, values: kept, errors: {}, units, notice: messages(locale).failures.storage }));
    }
  });

  // "Ja, det er om den": the short form for that incident, if it is still active; else the full form.
  app.adaptiveCards.actionExecute('report.tie', async (context, _state, data: CardData) => {
    const locale = localeOf(context);
    const ref = refOf(context, data);
    const [current, incident, units] = await Promise.all([
      deps.drafts.get(ref.tenantId, ref.reporterAadId),
      activeIncidentCase(deps, ref.tenantId, recordId(data.incidentId) ?? ''),
      unitChoices(ctx, ref.tenantId, locale),
    ]);
    if (!current || current.value.draftId !== ref.draftId || current.value.stage !== 'form') return outdatedCard(ctx, context, ref, current, emptyReportValues());
    log.info('report.tie', { active: incident !== null });
    if (!incident) return formCard(locale, current, units, messages(locale).incident.gone);
    const title = incident.value.work.incident!.title;
    return tiedCard(locale, { draftId: ref.draftId, etag: current.etag }, incident.value.id, title, current.value.values, {}, units);
  });

  // "Nej, det er noget andet" (or from the short form): the full form of the same draft, with what was typed.
  app.adaptiveCards.actionExecute('report.untied', async (context, _state, data: CardData) => {
    const locale = localeOf(context);
    const ref = refOf(context, data);
    const [current, units] = await Promise.all([deps.drafts.get(ref.tenantId, ref.reporterAadId), unitChoices(ctx, ref.tenantId, locale)]);
    if (!current || current.value.draftId !== ref.draftId || current.value.stage === 'submitted') return outdatedCard(ctx, context, ref, current, pickReportValues(data));
    const values = pickReportValues(data, current.value.values);
    return formCard(locale, { value: { ...current.value, values, errors: {} }, etag: current.etag }, units);
  });

  app.adaptiveCards.actionExecute('report.tied.submit', async (context, _state, data: CardData) => {
    const locale = localeOf(context);
    const ref = refOf(context, data);
    const incidentId = recordId(data.incidentId) ?? '';
    let units: Choice[] = [];
    try {
      units = await unitChoices(ctx, ref.tenantId, locale);
      const result = await submitTiedReport(deps, ref, data, units.map((u) => u.value), incidentId);
      log.info('report.tied', { outcome: result.kind, ...(result.kind === 'created' || result.kind === 'duplicate' ? { case: result.breachCase.number } : {}) });
      switch (result.kind) {
        case 'created':
        case 'duplicate':
          if (result.kind === 'created' || result.breachCase.schedule.outbox.some((i) => i.target === 'incident')) {
            try {
              await ctx.onTiedReport(result.breachCase);
            } catch (error) {
              log.error('case.link.failed', error, { case: result.breachCase.number });
            }
          }
          // Another press of the same sending reads as the normal receipt (src/domain/sameSending.ts).
          return card('receipt', receiptView(result.breachCase, result.kind === 'duplicate' && !result.sameSending, Object.fromEntries(units.map((u) => [u.value, u.title])), result.incident));
        case 'invalid': {
          const notice = result.cprFound ? messages(locale).summary.cprWarning : undefined;
          return tiedCard(locale, { draftId: ref.draftId, etag: result.etag }, incidentId, result.incident.title, result.values, result.errors, units, notice);
        }
        case 'incident_gone': {
          const current = await deps.drafts.get(ref.tenantId, ref.reporterAadId);
          if (!current) return messages(locale).draft.stale;
          return formCard(locale, { value: { ...current.value, values: result.values, errors: {} }, etag: current.etag }, units, messages(locale).incident.gone);
        }
        case 'stale':
          return outdatedCard(ctx, context, ref, result.current, pickReportValues(data));
      }
    } catch (error) {
      log.error('report.tied.failed', error);
      // Nothing typed is lost: the short form comes back with its values (masked at the gate) and a word.
      const kept = pickReportValues(data);
      const title = typeof data.incidentTitle === 'string' ? data.incidentTitle : '';
      return tiedCard(locale, ref, incidentId, title, kept, {}, units, messages(locale).failures.storage);
    }
  });

  app.adaptiveCards.actionExecute('report.edit', async (context, _state, data: CardData) => {
    const ref = refOf(context, data);
    const current = await editReport(deps, ref.tenantId, ref.reporterAadId, ref.draftId);
    if (!current) return outdatedCard(ctx, context, ref, await deps.drafts.get(ref.tenantId, ref.reporterAadId), emptyReportValues());
    return formCard(localeOf(context), current, await unitChoices(ctx, ref.tenantId, localeOf(context)));
  });

  app.adaptiveCards.actionExecute('report.confirm', async (context, _state, data: CardData) => {
    const ref = refOf(context, data);
    const fromCard = cardConfirmation(context, data);
    let units: Choice[] = [];
    let result;
    try {
      units = await unitChoices(ctx, ref.tenantId, localeOf(context));
      result = await confirmReport(deps, ref, units.map((u) => u.value), fromCard);
    } catch (error) {
      log.error('report.confirm.failed', error);
      // Nothing was sent: the summary comes back as it was, with its values and ETag, so "send"
      // works once the store answers again (a claim that did land makes that press a duplicate).
      if (!fromCard) throw error;
      const values = fromCard.values;
      const locale = localeOf(context);
      const notice = error instanceof StorageUnavailableError ? messages(locale).failures.storage : messages(locale).failures.unexpected;
      const cprFound = REPORT_FIELDS.some((f) => mentionsCpr(values[f]));
      return card('reportSummary', reportSummaryView({ locale, draftId: ref.draftId, etag: ref.etag, values, cprFound, units, notice }));
    }
    log.info('report.confirm', { outcome: result.kind, ...(result.kind === 'created' || result.kind === 'duplicate' ? { case: result.breachCase.number } : {}) });
    if (result.kind === 'created' || result.kind === 'duplicate') {
      // A duplicate may follow a crash before the channel post: dispatch is idempotent, so ask again.
      if (result.kind === 'created' || cardsPending(result.breachCase)) {
        try {
          await ctx.onCaseCreated(result.breachCase);
        } catch (error) {
          log.error('case.dispatch.failed', error, { case: result.breachCase.number });
        }
      }
      // Another press of the same sending reads as the normal receipt (src/domain/sameSending.ts).
      return card('receipt', receiptView(result.breachCase, result.kind === 'duplicate' && !result.sameSending, Object.fromEntries(units.map((u) => [u.value, u.title]))));
    }
    if (result.kind === 'invalid') return formCard(localeOf(context), result.draft, units);
    return outdatedCard(ctx, context, ref, result.current, fromCard?.values ?? emptyReportValues());
  });

  // "Start a new report with what you typed", from an outdated card: a new draft with those values,
  // unless a report is in progress (never overwritten).
  app.adaptiveCards.actionExecute('report.restart', async (context, _state, data: CardData) => {
    const locale = localeOf(context);
    const m = messages(locale).draft;
    const kept = keptValues(data);
    const tenantId = tenantOf(context);
    const [profile, units] = await Promise.all([profileOf(context), unitChoices(ctx, tenantId, locale)]);
    const { draft, resumed } = await startReport(deps, { tenantId, reporter: personOf(context), address: addressOf(context), locale, profile });
    log.info('report.restarted', { resumed });
    if (resumed) return currentDraftCard(ctx, context, draft, m.restartBusy);
    const values = { ...draft.value.values };
    for (const f of REPORT_FIELDS) if (kept[f] !== '') values[f] = kept[f];
    const etag = await deps.drafts.patch(tenantId, draft.value.reporterAadId, { values, updatedAt: deps.clock.now().toISOString() }, draft.etag);
    return formCard(locale, { value: { ...draft.value, values }, etag }, units, m.restarted);
  });

  app.adaptiveCards.actionExecute('report.cancel', async (context) => cancel(context));
}
