import type { Locale } from '../../domain/case';
import { formatCopenhagen } from '../../domain/copenhagenTime';
import { fill } from '../../i18n';
import { caseMessages } from '../../i18n/caseMessages';
import { caseRecordTexts } from '../../i18n/caseRecordTexts';
import { utf16Bytes } from '../cardBudget';
import { clean, drawCaseCard, UNSHORTENED, type CaseCardInput } from './caseCardView';
import { asPlainText } from './plainText';
import { timelineText } from './timelineText';
import { caseNis2View } from './caseNis2View';

/**
 * «Vis hele sagen» (issue 16, finding 7): the whole case as a read-only card of its own, for when the
 * case card had to leave something out to stay within Teams' limits (caseCardView.ts, SHORTENING_STEPS).
 *
 * What it shows is the case card drawn with nothing left out (the same fields, so the same people see
 * the same things: it is answered by `case.show`, which checks who may open the case), in full:
 * every fact, the reporter's description, the feedback to the reporter, every note, every linked report
 * and the whole timeline. A case can grow without end (notes, timeline, linked reports), so the record
 * is split into parts that each fit the card budget; each part says which it is and leads to the
 * previous and the next one and back to the case card.
 */

/** One line of the record: a heading (a section), or a labelled text. */
export interface RecordItem {
  label: string;
  text: string;
  heading: boolean;
  /** The section it belongs to (repeated, "… (fortsat)", at the top of a part that starts inside it). */
  section: string;
}

/** A text longer than this is split over several items (a part must hold at least one item). */
const ITEM_CHARS = 6000;

export function caseRecordItems(input: CaseCardInput): RecordItem[] {
  const { breachCase: c, locale } = input;
  const w = c.work;
  const view = drawCaseCard({ breachCase: c, post: input.post, locale, now: input.now }, UNSHORTENED);
  const t = caseMessages(locale).card;
  const rt = caseRecordTexts(locale);
  const when = (iso: string) => (Number.isNaN(Date.parse(iso)) ? '' : formatCopenhagen(new Date(iso), locale));
  const items: RecordItem[] = [];
  let section = '';
  const heading = (label: string) => {
    section = label;
    items.push({ label, text: '', heading: true, section });
  };
  const line = (label: string, text: string) => {
    if (text.trim() === '' && label.trim() === '') return;
    for (let at = 0, first = true; first || at < text.length; at += ITEM_CHARS, first = false) {
      items.push({ label: first ? label : fill(rt.continued, { heading: label }), text: text.slice(at, at + ITEM_CHARS), heading: false, section });
    }
  };

  heading(rt.sections.facts);
  for (const fact of view.facts) line(fact.title, fact.value);

  // NIS2 (issue 18, part 3): the marking, every duty and the reports, as the NIS2 card shows them.
  if (w.nis2) {
    const nis2 = caseNis2View({ breachCase: c, locale, now: input.now });
    heading('NIS2');
    line('', nis2.status);
    for (const d of nis2.duties) line('', d.text);
    for (const r of nis2.reports) line('', r.text);
  }

  heading(rt.sections.description);
  line(t.whatHappened, view.whatHappened);
  if (view.hasHow) line(t.howHappened, view.howHappened);

  const fb = w.feedback;
  if (fb) {
    const texts: [string, string][] = [
      [t.close.feedbackDone, fb.done],
      [t.close.feedbackPrevention, fb.prevention],
      [t.close.feedbackAuthority, fb.authorityNotified],
      [t.close.feedbackDpo, fb.dpoInformed],
      [t.close.feedbackPersons, fb.personsInformed],
    ];
    if (texts.some(([, text]) => (text ?? '').trim() !== '')) {
      heading(rt.sections.feedback);
      for (const [label, text] of texts) if ((text ?? '').trim() !== '') line(label, clean(text));
    }
  }

  if (w.notes.length > 0) {
    heading(rt.sections.notes);
    for (const n of w.notes) line(asPlainText(fill(rt.noteLabel, { at: when(n.at), by: n.by })), clean(n.text));
  }

  if (view.incident.shown) {
    heading(rt.sections.linked);
    line(view.incident.heading, view.incident.count);
    for (const l of [...c.linkedFrom].reverse()) {
      const units = l.units.map((u) => clean(u.name)).join(', ');
      line('', asPlainText(fill(rt.linkedLine, { number: l.number, at: when(l.at), name: clean(l.reporterName) || '–', units: units || '–' }).replace(/( · –)+$/, '')));
    }
  }

  if (w.timeline.length > 0) {
    heading(rt.sections.timeline);
    for (const e of w.timeline) line('', timelineText(e, locale, { withDate: true }));
  }
  return items;
}

/** What one item adds to a part as drawn by cards/caseRecord.json (UTF-16 bytes, with a little over). */
export function recordItemBytes(item: RecordItem): number {
  return (
    utf16Bytes({
      type: 'Container',
      spacing: 'medium',
      separator: item.heading,
      items: [
        { type: 'TextBlock', text: item.label, wrap: true, weight: 'bolder', size: 'medium' },
        { type: 'TextBlock', text: item.text, wrap: true, spacing: 'none' },
      ],
    }) + 16
  );
}

/**
 * The items split into parts of at most `room` bytes each (as recordItemBytes counts them). A part that
 * starts inside a section starts with that section's heading, "(fortsat)"; a heading never ends a part.
 */
export function paginateRecord(items: RecordItem[], room: number, locale: Locale): RecordItem[][] {
  const rt = caseRecordTexts(locale);
  const parts: RecordItem[][] = [];
  let current: RecordItem[] = [];
  let used = 0;
  for (const item of items) {
    const size = recordItemBytes(item);
    const onlyHeadings = current.every((i) => i.heading);
    if (current.length > 0 && used + size > room && !onlyHeadings) {
      // A heading at the end of a full part moves on with its section.
      const carried: RecordItem[] = [];
      while (current.length > 0 && current[current.length - 1].heading) carried.unshift(current.pop()!);
      parts.push(current);
      current = carried;
      used = carried.reduce((sum, i) => sum + recordItemBytes(i), 0);
      if (!item.heading && (current.length === 0 || current[current.length - 1].section !== item.section)) {
        const again: RecordItem = { label: fill(rt.continued, { heading: item.section }), text: '', heading: true, section: item.section };
        current.push(again);
        used += recordItemBytes(again);
      }
    }
    current.push(item);
    used += size;
  }
  if (current.length > 0 || parts.length === 0) parts.push(current);
  return parts;
}

/** One part of the record (1-based, clamped to the parts there are). */
export function caseRecordView(input: { breachCase: CaseCardInput['breachCase']; locale: Locale; parts: RecordItem[][]; part: number }) {
  const { breachCase: c, locale, parts } = input;
  const rt = caseRecordTexts(locale);
  const part = Math.min(Math.max(Math.trunc(input.part) || 1, 1), parts.length);
  return {
    t: rt,
    caseId: c.id,
    title: fill(rt.title, { number: c.number }),
    partText: fill(rt.part, { part, parts: parts.length }),
    isFirst: part === 1,
    items: parts[part - 1].map((i) => ({ label: i.label, text: i.text, separator: i.heading, size: i.heading ? 'medium' : 'default' })),
    hasPrevious: part > 1,
    previous: String(part - 1),
    hasNext: part < parts.length,
    next: String(part + 1),
  };
}
