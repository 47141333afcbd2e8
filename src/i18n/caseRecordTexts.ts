import type { Locale } from '../domain/case';

/**
 * The texts of a shortened case card and of the full record behind «Vis hele sagen» (issue 16,
 * finding 7: a card Teams can carry, the whole case one press away).
 */
const da = {
  show: 'Vis hele sagen',
  shortened: 'Kortet er forkortet, så Teams kan vise det. Hele sagen – alle noter, hele tidslinjen og de fulde tekster – står under «Vis hele sagen».',
  shortenedShort: 'Kortet er forkortet. Alt står under «Vis hele sagen».',
  timelineMore: '… {count} tidligere hændelser – se «Vis hele sagen»',
  notesMore: '… {count} tidligere noter – se «Vis hele sagen»',
  dropped:
    'Et eller flere tekstfelter her er tomme, fordi teksten er for lang til kortet. Den gemte tekst står under «Vis hele sagen». Gemmer du formularen, gemmes felterne, som de står.',
  droppedShort: 'Lange tekster er ikke i felterne her – se «Vis hele sagen».',
  title: '{number} · Hele sagen',
  part: 'Del {part} af {parts}',
  intro: 'Hele sagen, som koordinatorerne ser den. Fristen og formularerne står på sagens kort («Tilbage til sagen»).',
  previous: 'Forrige del',
  next: 'Næste del',
  back: 'Tilbage til sagen',
  continued: '{heading} (fortsat)',
  sections: {
    facts: 'Oplysninger',
    description: 'Anmelderens beskrivelse',
    feedback: 'Tilbagemelding til anmelderen',
    notes: 'Noter',
    linked: 'Anmeldelser af samme hændelse',
    timeline: 'Tidslinje',
  },
  noteLabel: '{at} · {by}',
  linkedLine: '{number} · {at} · {name} · {units}',
};

const en: typeof da = {
  show: 'Show the whole case',
  shortened: 'This card is shortened so that Teams can show it. The whole case – every note, the whole timeline and the full texts – is under “Show the whole case”.',
  shortenedShort: 'This card is shortened. Everything is under “Show the whole case”.',
  timelineMore: '… {count} earlier events – see “Show the whole case”',
  notesMore: '… {count} earlier notes – see “Show the whole case”',
  dropped:
    'One or more text fields here are empty because the text is too long for the card. The stored text is under “Show the whole case”. If you save this form, the fields are saved as they are.',
  droppedShort: 'Long texts are not in the fields here – see “Show the whole case”.',
  title: '{number} · The whole case',
  part: 'Part {part} of {parts}',
  intro: 'The whole case as the coordinators see it. The deadline and the forms are on the case card (“Back to the case”).',
  previous: 'Previous part',
  next: 'Next part',
  back: 'Back to the case',
  continued: '{heading} (continued)',
  sections: {
    facts: 'Details',
    description: "The reporter's description",
    feedback: 'Feedback to the reporter',
    notes: 'Notes',
    linked: 'Reports of the same incident',
    timeline: 'Timeline',
  },
  noteLabel: '{at} · {by}',
  linkedLine: '{number} · {at} · {name} · {units}',
};

export type CaseRecordTexts = typeof da;

export function caseRecordTexts(locale: Locale): CaseRecordTexts {
  return locale === 'en' ? en : da;
}
