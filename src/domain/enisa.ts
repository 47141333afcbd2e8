/**
 * ENISA (2013) severity of a personal-data breach: SE = DPC × EI + CB.
 * The bot only proposes; the coordinator decides and the reasoning is stored,
 * also for breaches that are not notified (Art. 33(5)).
 */

/** 1 simple, 2 behavioural, 3 financial, 4 sensitive. */
export type DpcBase = 1 | 2 | 3 | 4;
/** Context: volume, children/vulnerable persons (+1), already public (-1). */
export type DpcAdjust = -1 | 0 | 1;
/** Ease of identification. */
export type Ei = 0.25 | 0.5 | 0.75 | 1;

export interface EnisaInput {
  dpcBase: DpcBase;
  dpcAdjust: DpcAdjust;
  ei: Ei;
  /** 0.25 known recipients, 0.5 unknown recipients. */
  confidentiality: 0 | 0.25 | 0.5;
  integrity: 0 | 0.25 | 0.5;
  /** 0.25 temporary, 0.5 permanent. */
  availability: 0 | 0.25 | 0.5;
  /** Adds 0.5 to CB. */
  malicious: boolean;
}

export type SeverityBand = 'low' | 'medium' | 'high' | 'very_high';
export type NotificationProposal = 'no_notification' | 'notify_authority' | 'notify_authority_and_persons';

export interface EnisaResult {
  dpc: number;
  score: number;
  band: SeverityBand;
  proposal: NotificationProposal;
}

const MALICIOUS_CB = 0.5;

function bandOf(score: number): SeverityBand {
  if (score < 2) return 'low';
  if (score < 3) return 'medium';
  if (score < 4) return 'high';
  return 'very_high';
}

const PROPOSAL_BY_BAND: Record<SeverityBand, NotificationProposal> = {
  low: 'no_notification',
  medium: 'notify_authority',
  high: 'notify_authority_and_persons',
  very_high: 'notify_authority_and_persons',
};

export function enisaScore(i: EnisaInput): EnisaResult {
  const dpc = Math.min(4, Math.max(1, i.dpcBase + i.dpcAdjust));
  const cb = i.confidentiality + i.integrity + i.availability + (i.malicious ? MALICIOUS_CB : 0);
  const score = Math.round((dpc * i.ei + cb) * 100) / 100;
  const band = bandOf(score);
  return { dpc, score, band, proposal: PROPOSAL_BY_BAND[band] };
}

const ALLOWED = {
  dpcBase: [1, 2, 3, 4],
  dpcAdjust: [-1, 0, 1],
  ei: [0.25, 0.5, 0.75, 1],
  confidentiality: [0, 0.25, 0.5],
  integrity: [0, 0.25, 0.5],
  availability: [0, 0.25, 0.5],
} as const;

type NumericField = keyof typeof ALLOWED;

// Strict number syntax so '' or ' ' (which Number() reads as 0) are rejected.
const NUMBER_SYNTAX = /^[+-]?\d+(\.\d+)?$/;

function readNumber(field: NumericField, raw: unknown, errors: string[]): number {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const n = NUMBER_SYNTAX.test(text) ? Number(text) : NaN;
  const allowed: readonly number[] = ALLOWED[field];
  if (!allowed.includes(n)) errors.push(`${field}: expected one of ${allowed.join(', ')}`);
  return n;
}

function readBoolean(field: string, raw: unknown, errors: string[]): boolean {
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  errors.push(`${field}: expected true or false`);
  return false;
}

/** From Adaptive Card values (strings such as '4', '0.75', 'true'); every bad field is named. */
export function parseEnisaInput(raw: Record<string, unknown>): EnisaInput | { errors: string[] } {
  const errors: string[] = [];
  const input = {
    dpcBase: readNumber('dpcBase', raw.dpcBase, errors),
    dpcAdjust: readNumber('dpcAdjust', raw.dpcAdjust, errors),
    ei: readNumber('ei', raw.ei, errors),
    confidentiality: readNumber('confidentiality', raw.confidentiality, errors),
    integrity: readNumber('integrity', raw.integrity, errors),
    availability: readNumber('availability', raw.availability, errors),
    malicious: readBoolean('malicious', raw.malicious, errors),
  };
  if (errors.length > 0) return { errors };
  // Every number was checked against its list above.
  return input as EnisaInput;
}
