/**
 * The register's paging cursor travels in card data, which passes the input gate's CPR masking like
 * everything a card sends. Index keys hold long digit runs that masking could mistake for a CPR
 * number, so the cursor is spelled in the letters a–p only (two per byte): masking never touches it,
 * and anything else that comes back is treated as "first page".
 */
import type { RegisterCursor } from '../app/listRegister';
import type { MaskedText } from '../domain/maskedText';

const A = 'a'.charCodeAt(0);

/**
 * `filter`: the filter the cursor was made for. The card sends its inputs with "next page", and a
 * filter changed in between would continue another list: such a cursor starts at the first page.
 */
export function encodeCursor(cursor: RegisterCursor, filter = ''): string {
  const bytes = Buffer.from(JSON.stringify({ ...cursor, ...(filter ? { f: filter } : {}) }), 'utf8');
  let out = '';
  for (const b of bytes) out += String.fromCharCode(A + (b >> 4), A + (b & 15));
  return out;
}

export function decodeCursor(raw: MaskedText | undefined, filter = ''): RegisterCursor | undefined {
  if (raw === undefined || raw.length === 0 || raw.length > 2000 || !/^[a-p]+$/.test(raw) || raw.length % 2 !== 0) return undefined;
  const bytes = Buffer.alloc(raw.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = ((raw.charCodeAt(2 * i) - A) << 4) | (raw.charCodeAt(2 * i + 1) - A);
  try {
    const v = JSON.parse(bytes.toString('utf8')) as Partial<RegisterCursor> & { f?: unknown };
    if ((v.f ?? '') !== filter) return undefined;
    if (!Number.isInteger(v.open) || (v.open as number) < 0 || !Number.isInteger(v.page) || (v.page as number) < 1) return undefined;
    if (v.closed !== undefined && (typeof v.closed !== 'string' || v.closed.length > 600)) return undefined;
    return { open: v.open as number, page: v.page as number, ...(v.closed === undefined ? {} : { closed: v.closed }) };
  } catch {
    return undefined;
  }
}

/** The filter as the cursor remembers it. */
export function filterKey(f: { status: string; year: number; unitId?: string; notified?: boolean }): string {
  return `${f.status}|${f.year}|${f.unitId ?? ''}|${f.notified === undefined ? '' : f.notified}`;
}
