import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { repoRoot } from '../repoRoot';

/** Card templates live as JSON in cards/ at the repo root, beside src/ and dist/. */
const CARDS_DIR = join(repoRoot(), 'cards');

const cache = new Map<string, ACData.Template>();

export type CardName = 'welcome' | 'reportForm' | 'reportSummary' | 'receipt' | 'myCases' | 'caseCard' | 'caseDraft' | 'feedback' | 'accessReview';

export function cardsDir(): string {
  return CARDS_DIR;
}

/** Expands a template with its view model. A `${` left in the output is a bug in the view model. */
export function renderCard(name: CardName, data: object): Record<string, unknown> {
  let template = cache.get(name);
  if (!template) {
    template = new ACData.Template(JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8')));
    cache.set(name, template);
  }
  return template.expand({ $root: data }) as Record<string, unknown>;
}
