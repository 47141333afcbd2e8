import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { repoRoot } from '../repoRoot';

/** Card templates live as JSON in cards/ at the repo root, beside src/ and dist/. */
const CARDS_DIR = join(repoRoot(), 'cards');

export type CardName = 'welcome' | 'reportForm' | 'reportSummary' | 'receipt' | 'myCases' | 'caseCard' | 'caseDraft' | 'feedback' | 'accessReview' | 'register' | 'registerStatistics' | 'auditLog' | 'staleDraft' | 'exportLocal' | 'incidentQuestion' | 'tiedReport';

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

/** Expands a template with its view model. A `${` left in the output is a bug in the view model. */
export function renderCard(name: CardName, data: object): Record<string, unknown> {
  const texts = (data as { t?: unknown }).t;
  return template(name, texts && typeof texts === 'object' ? texts : undefined).expand({ $root: data }) as Record<string, unknown>;
}
