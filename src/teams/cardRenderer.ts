import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { repoRoot } from '../repoRoot';
import { CARD_BUDGET_BYTES, cutText, shorterOf, utf16Bytes } from './cardBudget';

/** Card templates live as JSON in cards/ at the repo root, beside src/ and dist/. */
const CARDS_DIR = join(repoRoot(), 'cards');

export type CardName = 'welcome' | 'textOffer' | 'didYouMean' | 'reportForm' | 'reportSummary' | 'receipt' | 'myCases' | 'caseCard' | 'caseRecord' | 'caseDraft' | 'caseRoute' | 'feedback' | 'accessReview' | 'register' | 'registerStatistics' | 'auditLog' | 'staleDraft' | 'exportLocal' | 'incidentQuestion' | 'tiedReport' | 'caseNis2' | 'committeeCard';

export function cardsDir(): string {
  return CARDS_DIR;
}

const sources = new Map<CardName, unknown>();
/** Per card, per texts object (one per language): the template with its fixed texts already in place. */
const localized = new Map<CardName, WeakMap<object, ACData.Template>>();

function source(name: CardName): unknown {
  let json = sources.get(name);
  if (json === undefined) {
    json = JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8'));
    sources.set(name, json);
  }
  return json;
}

function lookup(texts: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), texts);
}

/**
 * Puts the fixed texts (`${t.…}`) into the template once per language. Evaluating a binding is the
 * costly part of templating, and most of a card's bindings are its labels.
 */
function withTexts(node: unknown, texts: object): unknown {
  if (typeof node === 'string') {
    return node.replace(/\$\{t\.([\w.]+)\}/g, (whole, path: string) => {
      const text = lookup(texts, path);
      return typeof text === 'string' ? text : whole;
    });
  }
  if (Array.isArray(node)) return node.map((item) => withTexts(item, texts));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, withTexts(value, texts)]));
  }
  return node;
}

function template(name: CardName, texts: object | undefined): ACData.Template {
  let perTexts = localized.get(name);
  if (!perTexts) {
    perTexts = new WeakMap();
    localized.set(name, perTexts);
  }
  const key = texts ?? perTexts;
  let compiled = perTexts.get(key);
  if (!compiled) {
    compiled = new ACData.Template(texts ? withTexts(source(name), texts) : source(name));
    perTexts.set(key, compiled);
  }
  return compiled;
}

/** The template expanded with exactly this view model, unmeasured (for a renderer that measures and shortens on its own). */
export function expandCard(name: CardName, data: object): Record<string, unknown> {
  const texts = (data as { t?: unknown }).t;
  return template(name, texts && typeof texts === 'object' ? texts : undefined).expand({ $root: data }) as Record<string, unknown>;
}

/**
 * Expands a template with its view model. A `${` left in the output is a bug in the view model.
 *
 * Every card is measured against the budget (CARD_BUDGET_BYTES, src/teams/cardBudget.ts): over it,
 * the view model's shorter version is drawn instead (offerShorter; the case card shortens in steps and
 * keeps the whole case behind «Vis hele sagen»), again until it fits; a card still over it when its
 * view offers nothing shorter is cut by fitToBudget, the last resort.
 */
export function renderCard(name: CardName, data: object): Record<string, unknown> {
  let model = data;
  let card = expandCard(name, model);
  while (utf16Bytes(card) > CARD_BUDGET_BYTES) {
    const shorter = shorterOf(model);
    if (!shorter) break;
    model = shorter;
    card = expandCard(name, model);
  }
  return utf16Bytes(card) > CARD_BUDGET_BYTES ? fitToBudget(card) : card;
}

/** Texts shorter than this are left as they are by the last resort. */
const KEPT_CHARS = 200;

/**
 * The last resort for a card over the budget whose view offers nothing shorter: a typed value longer
 * than its input's maxLength is cut to it (the form could not send more), then the longest texts shown
 * (TextBlock and TextRun texts, fact values) are cut with "…" until the card fits. A value a form
 * sends back within its limits is never cut: saving a cut text would store it cut. A card whose
 * structure alone is over the budget is returned as it is (the card budget test finds it).
 */
export function fitToBudget(card: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(card);
  const shown: { node: Record<string, unknown>; key: 'text' | 'value' }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if ((n.type === 'TextBlock' || n.type === 'TextRun') && typeof n.text === 'string') shown.push({ node: n, key: 'text' });
    if (n.type === undefined && typeof n.title === 'string' && typeof n.value === 'string') shown.push({ node: n, key: 'value' });
    if (n.type === 'Input.Text' && typeof n.maxLength === 'number' && typeof n.value === 'string' && n.value.length > n.maxLength) n.value = n.value.slice(0, n.maxLength);
    for (const value of Object.values(n)) walk(value);
  };
  walk(copy);
  for (let bytes = utf16Bytes(copy); bytes > CARD_BUDGET_BYTES; bytes = utf16Bytes(copy)) {
    let longest: (typeof shown)[number] | undefined;
    for (const s of shown) if (!longest || (s.node[s.key] as string).length > (longest.node[longest.key] as string).length) longest = s;
    const text = longest ? (longest.node[longest.key] as string) : '';
    if (!longest || text.length <= KEPT_CHARS) break;
    const over = Math.ceil((bytes - CARD_BUDGET_BYTES) / 2) + 1;
    longest.node[longest.key] = cutText(text, Math.max(KEPT_CHARS, text.length - over, Math.floor(text.length / 2)));
  }
  return copy;
}
