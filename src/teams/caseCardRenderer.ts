import type { AdaptiveCard } from '@microsoft/teams-ai';
import type { BreachCase, CasePost, Locale } from '../domain/case';
import { CARD_BUDGET_BYTES, utf16Bytes } from './cardBudget';
import { managerStatus } from '../domain/nearestManager';
import { expandCard, renderCard } from './cardRenderer';
import { caseCardView, type CaseCardError } from './views/caseCardView';
import { caseRecordItems, caseRecordView, paginateRecord } from './views/caseRecordView';

/**
 * The case card is drawn twice per action: in the answer to the coordinator who pressed the button
 * and in the update for everyone in the channel. Same case state, same channel, same language and
 * same minute (the countdown shows minutes) give the same card, so it is drawn once.
 *
 * Every card drawn here is within the card budget (src/teams/cardBudget.ts): renderCard draws the case
 * card shorter in steps while it is over (caseCardView.ts, SHORTENING_STEPS), and the card then offers
 * «Vis hele sagen», whose parts (`part`) are drawn here too (renderCaseRecord).
 */
const cache = new Map<string, AdaptiveCard>();
const MAX = 200;

function stateKey(c: BreachCase, post: CasePost | undefined, locale: Locale, now: Date): string {
  const work = c.work;
  return [
    c.id,
    c.status,
    work.timeline.length,
    work.owner?.aadObjectId ?? '',
    c.linkedFrom.length,
    post?.channel.channelId ?? '',
    post?.viaCentral ? 1 : 0,
    locale,
    Math.floor(now.getTime() / 60_000),
    // The committee's card waits for a committee to be registered (issue 18, part 2): said on this card.
    c.committeePost?.missingSince && !c.committeePost.activityId ? 'no-committee' : '',
    // The nearest manager's status changes the card without a timeline entry (issue 18).
    managerStatus(c),
  ].join('|');
}

export interface CaseCardRequest {
  breachCase: BreachCase;
  post?: CasePost;
  locale: Locale;
  now: Date;
  error?: CaseCardError;
  values?: Record<string, string>;
  /** «Vis hele sagen»: the part of the whole case to draw (1-based, as the card's button sends it) instead of the case card. */
  part?: string;
  /** The answer to «Beregn forslag» (caseCardView's CaseCardInput.proposed); always comes with `values`, so never cached. */
  proposed?: boolean;
  /** «Afslut hændelsen» pressed: the card asking to confirm; never cached. */
  confirmEndIncident?: boolean;
}

export function renderCaseCard(input: CaseCardRequest): AdaptiveCard {
  if (input.part !== undefined && input.part.trim() !== '') return renderCaseRecord(input, Number(input.part));
  // A card with an error or typed values belongs to one person and one moment: never shared.
  if (input.error || input.values || input.confirmEndIncident) return renderCard('caseCard', caseCardView(input)) as AdaptiveCard;
  const key = stateKey(input.breachCase, input.post, input.locale, input.now);
  const hit = cache.get(key);
  if (hit) return hit;
  const card = renderCard('caseCard', caseCardView(input)) as AdaptiveCard;
  if (cache.size >= MAX) cache.delete(cache.keys().next().value as string);
  cache.set(key, card);
  return card;
}

/**
 * One part of the whole case. The parts are cut to the room a part has beside its fixed lines (title,
 * part number, buttons), as recordItemBytes estimates an item; should the drawn part still be over the
 * budget, the parts are cut again with less room (never more than a few times: the estimate is close).
 */
function renderCaseRecord(input: CaseCardRequest, part: number): AdaptiveCard {
  const items = caseRecordItems(input);
  const view = (parts: ReturnType<typeof paginateRecord>) => caseRecordView({ breachCase: input.breachCase, locale: input.locale, parts, part });
  const frame = utf16Bytes(expandCard('caseRecord', caseRecordView({ breachCase: input.breachCase, locale: input.locale, parts: [[]], part: 1 })));
  let room = CARD_BUDGET_BYTES - frame - 1024;
  let parts = paginateRecord(items, room, input.locale);
  for (let attempt = 0; attempt < 5; attempt++) {
    const card = expandCard('caseRecord', view(parts)) as AdaptiveCard;
    if (utf16Bytes(card) <= CARD_BUDGET_BYTES) return card;
    room = Math.floor(room * 0.85);
    parts = paginateRecord(items, room, input.locale);
  }
  // Not reached with the estimate as close as it is; renderCard's last resort still keeps it within budget.
  return renderCard('caseRecord', view(parts)) as AdaptiveCard;
}
