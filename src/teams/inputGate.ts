/**
 * The Teams half of the input gate: every activity is parsed by one schema into the shape the
 * handlers rely on before botbuilder or a handler sees it, and everything a person typed leaves the
 * gate masked.
 *
 * - A bad envelope (no type, a non-string serviceUrl or locale, an empty tenant …) is refused with
 *   400 and a fixed text: it cannot come from a person in Teams, and an exception text would tell an
 *   attacker about the code.
 * - A person's bad card data never refuses the turn: values that are not text (objects, arrays,
 *   objects with their own toString) become empty, so the form comes back with the error beside the
 *   field and every other value kept.
 * - Text and card values pass `maskCpr`, the one masking function, here: a handler cannot see,
 *   store, post or echo a CPR number a person typed, because it never receives one. (Domain code that
 *   builds report values or draws stored text masks again; maskCpr is idempotent, so that costs nothing.)
 */
import { z } from 'zod';
import { containsCprLike } from '../domain/cpr';
import { masked, type MaskedText } from '../domain/maskedText';

const MAX_TEXT = 8000;
const MAX_ID = 1024;
const MAX_CARD_FIELDS = 200;

const id = z.string().min(1).max(MAX_ID);
const optionalText = z.string().max(MAX_ID).optional();
/** Teams tenant ids are GUIDs; the Playground and tests use other short ids. Never empty. */
const tenantId = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/);
const account = z.object({ id, name: z.string().max(512).optional(), aadObjectId: optionalText }).passthrough();

const envelope = z
  .object({
    type: z.string().min(1).max(64),
    id: optionalText,
    channelId: z.string().min(1).max(64),
    serviceUrl: z
      .string()
      .max(2048)
      .refine((url) => /^https?:\/\/[^\s]+$/i.test(url) && URL.canParse(url), 'serviceUrl'),
    locale: z.string().max(64).optional(),
    from: account,
    recipient: account,
    conversation: z
      .object({ id, conversationType: z.enum(['personal', 'channel', 'groupChat']).optional(), tenantId: tenantId.optional(), isGroup: z.boolean().optional() })
      .passthrough(),
    channelData: z
      .object({
        tenant: z.object({ id: tenantId }).passthrough().optional(),
        team: z.object({ id, name: z.string().max(512).optional() }).passthrough().optional(),
        channel: z.object({ id, name: z.string().max(512).optional() }).passthrough().optional(),
        eventType: z.string().max(128).optional(),
      })
      .passthrough()
      .optional(),
    text: z.string().optional(),
    timestamp: z.string().max(64).optional(),
    localTimestamp: z.string().max(64).optional(),
    expiration: z.string().max(64).optional(),
    name: z.string().max(256).optional(),
    replyToId: optionalText,
    value: z.unknown().optional(),
    membersAdded: z.array(account).max(1000).optional(),
    membersRemoved: z.array(account).max(1000).optional(),
    entities: z.array(z.record(z.unknown())).max(100).optional(),
    attachments: z.array(z.record(z.unknown())).max(50).optional(),
  })
  .passthrough();

export type GatedActivity = z.infer<typeof envelope> & {
  text?: MaskedText;
  value?: unknown;
};

/** Card data as the handlers get it: flat, every value masked text. */
export type CardData = Readonly<Record<string, MaskedText>>;

export type GateResult = { ok: true; activity: GatedActivity } | { ok: false };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The bot's own ids that ride on its cards: not typed by anyone, so not masked (a random UUID can hold
 * a run of digits that looks like a CPR number, and masking it would break the id), but kept only when
 * they have the shape of an id or an ETag and hold no CPR-like number outside a UUID (a tampered card
 * must not smuggle one into the form the bot hands back).
 */
const ID_KEYS = new Set(['caseId', 'draftId', 'reviewId', 'etag', 'verb', 'requestId', 'incidentId']);
const ID_SHAPE = /^[\x21-\x7e]{1,256}$/;
const isIdValue = (value: unknown): value is string => typeof value === 'string' && ID_SHAPE.test(value) && !containsCprLike(value, { uuidsAreIds: true });

/** Flat card inputs → masked text; nested values and non-text become ''. At most MAX_CARD_FIELDS keys. */
export function gateCardData(raw: unknown): CardData {
  // No prototype: a card key such as "constructor" or "toString" reads as missing, not as a function.
  const data = Object.create(null) as Record<string, MaskedText>;
  if (!isPlainObject(raw)) return data;
  for (const key of Object.keys(raw).slice(0, MAX_CARD_FIELDS)) {
    if (key === '__proto__' || key.length > 128) continue;
    const value = raw[key];
    if (ID_KEYS.has(key)) data[key] = (isIdValue(value) ? value : '') as MaskedText;
    else data[key] = masked(value);
  }
  return data;
}

const url = z.string().max(4096).refine((u) => URL.canParse(u));

/**
 * A file consent answer (`fileConsent/invoke`): accept or decline, the request id the card carried and,
 * on accept, where Teams wants the bytes. Anything else becomes `{}` and is answered as not understood;
 * the file name Teams chose is typed-like text (it comes back on the file card), so it is masked.
 */
const fileConsent = z.object({
  action: z.enum(['accept', 'decline']),
  context: z.object({ requestId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) }),
  uploadInfo: z
    .object({ uploadUrl: url, contentUrl: url, name: z.string().max(256), uniqueId: z.string().max(256), fileType: z.string().max(32) })
    .optional(),
});
export type FileConsentValue = z.infer<typeof fileConsent>;

/** The Universal Action invoke's value: `{ action: { verb, data } }` with the data gated. */
function gateInvokeValue(name: string | undefined, value: unknown): unknown {
  if (name === 'fileConsent/invoke') {
    const parsed = fileConsent.safeParse(value);
    if (!parsed.success) return {};
    const v = parsed.data;
    return { ...v, ...(v.uploadInfo ? { uploadInfo: { ...v.uploadInfo, name: masked(v.uploadInfo.name) } } : {}) };
  }
  if (name !== 'adaptiveCard/action') return isPlainObject(value) ? value : {};
  const action = isPlainObject(value) && isPlainObject(value.action) ? value.action : {};
  const verb = typeof action.verb === 'string' && action.verb.length <= 128 ? action.verb : '';
  return { ...(isPlainObject(value) ? value : {}), action: { ...action, type: 'Action.Execute', verb, data: gateCardData(action.data) } };
}

export function gateActivity(body: unknown): GateResult {
  const parsed = envelope.safeParse(body);
  if (!parsed.success) return { ok: false };
  const activity = parsed.data as GatedActivity;
  // Names people gave themselves, their teams and channels are typed text too: they end up on cards.
  for (const named of [activity.from, activity.recipient, activity.channelData?.team, activity.channelData?.channel, ...(activity.membersAdded ?? [])]) {
    if (named && typeof named.name === 'string') named.name = masked(named.name);
  }
  // Replies are sent to the conversation, never buffered into the HTTP answer.
  delete (activity as { deliveryMode?: unknown }).deliveryMode;
  if (activity.locale !== undefined && !/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,3}$/.test(activity.locale)) delete activity.locale;
  if (typeof activity.text === 'string') activity.text = masked(activity.text.slice(0, MAX_TEXT));
  // As the SDK's own validateAndFixActivity: instants become Dates (an unparsable one is dropped).
  for (const key of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const raw = activity[key];
    if (raw === undefined) continue;
    const at = new Date(raw);
    if (Number.isNaN(at.getTime())) delete activity[key];
    else Object.assign(activity, { [key]: at, [`raw${key[0].toUpperCase()}${key.slice(1)}`]: raw });
  }
  if (activity.type === 'invoke') activity.value = gateInvokeValue(activity.name, activity.value);
  // Action.Submit: a message whose value is the card's data.
  else if (activity.value !== undefined) activity.value = gateCardData(activity.value);
  return { ok: true, activity };
}
