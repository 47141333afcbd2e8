/**
 * Ids and ETags that come back from a card. A card can be tampered with or be years old; an id that
 * is not one of ours must never reach a Table key (an empty or 10,000-character key is an error there).
 */
import type { MaskedText } from '../domain/maskedText';

/** Our record ids are UUIDs (randomUUID); older or test ids may be any short token of these characters. */
const RECORD_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Matches nothing stored: used where a malformed id must behave as "not found". */
export const NO_ID = 'none';

export function recordId(raw: MaskedText | undefined): string | null {
  return raw !== undefined && RECORD_ID.test(raw) ? raw : null;
}

/** An ETag as Table Storage writes it (W/"datetime'…'"); anything else is treated as stale. */
export function etagOf(raw: MaskedText | undefined): string {
  return raw !== undefined && raw.length <= 256 && /^[\x21-\x7e]+$/.test(raw) ? raw : '';
}
