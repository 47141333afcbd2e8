/**
 * Text a person typed, after the one masking function (`maskCpr`) has run over it.
 *
 * The brand makes the rule a type: the report's values, the coordinators' inputs and the unit names
 * are declared as MaskedText, and the only ways to get one are `maskCpr` (or `masked`, below), so a
 * raw string from a card cannot be stored or drawn on a card by mistake: the compiler refuses it.
 */
import { maskCpr } from './cpr';

declare const maskedBrand: unique symbol;
export type MaskedText = string & { readonly [maskedBrand]: true };

/** Anything a card or a message delivered, as masked text: non-strings become '' (never `String(obj)`). */
export function masked(raw: unknown): MaskedText {
  // Trimmed after masking: a control or invisible character the masking drops cannot shield a space.
  if (typeof raw === 'string') return maskCpr(raw).trim() as MaskedText;
  if (typeof raw === 'number' && Number.isFinite(raw)) return maskCpr(String(raw));
  if (typeof raw === 'boolean') return maskCpr(String(raw));
  return EMPTY_TEXT;
}

export const EMPTY_TEXT = '' as MaskedText;
