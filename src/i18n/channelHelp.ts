/**
 * `hjælp` / `help` in a channel, and the answer to anything there the bot did not understand («sagr»):
 * every command of a channel, one line each (issue 17, Must do 7). The table is keyed by the parser's
 * command kinds (src/domain/unit.ts, parseChannelCommand), so a new channel command does not compile
 * until it has its line here, in both languages.
 */
import type { ChannelCommand } from '../domain/unit';

type HelpKind = Exclude<ChannelCommand['kind'], 'unknown'>;

const da = {
  title: 'I en kanal skriver du «@Brudvagt» og så en af disse:',
  commands: {
    cases: '«sager» – registret: kanalens sager med status, frist, enhed og en linje om, hvad der er sket',
    casesCheck: '«sager tjek [år]» – sager, hvis tidslinje ikke kan passe',
    statistics: '«statistik [år]» – årets tal og diagrammer for kanalens sager',
    auditLog: '«log <sagsnummer>» – adgangsloggen for en sag: hvem gjorde eller forsøgte hvad, hvornår (kun central)',
    export: '«eksport [år] [csv]» – registret som Excel-fil (eller CSV), sendt til din chat med Brudvagt',
    exportAudit: '«eksport log <fra> <til>» – adgangsloggen for en periode som CSV-fil, f.eks. «eksport log 01-01-2026 31-12-2026» (kun central)',
    register: '«tilmeld <enhed>» – gør kanalen til koordinatorkanal for en enhed (central gruppe eller administrator); en enhed kan ikke hedde «central» eller «udvalg»',
    registerCentral: '«tilmeld central» – gør kanalen til den centrale sikkerhedsgruppes og DPO\'ens kanal (kun administratorer)',
    registerCommittee: '«tilmeld udvalg» – gør kanalen til informationssikkerhedsudvalgets: den får kortet, når en sag har risiko for kommunen, og beslutter om krisecelle («afmeld udvalg» fjerner den; kun administratorer)',
    unregister: '«afmeld <enhed>» – nye anmeldelser for enheden går til den centrale kanal (central gruppe eller administrator)',
    units: '«enheder» – hvilken kanal der får hvilken enheds anmeldelser',
    mergeNames: '«flet leverandør "KMD Danmark" "KMD"» (eller «flet system …») – to stavemåder tælles som én i gentagelser, statistik og eksport (kun central)',
    unmergeName: '«fjern fletning leverandør "KMD Danmark"» – fortryder en fletning (kun central)',
    names: '«navne» – de flettede system- og leverandørnavne (kun central)',
    help: '«hjælp» – denne liste',
  } satisfies Record<HelpKind, string>,
};

const en: typeof da = {
  title: 'In a channel, type "@Brudvagt" and then one of these:',
  commands: {
    cases: '"cases" – the register: the channel\'s cases with status, deadline, unit and a line on what happened',
    casesCheck: '"cases check [year]" – cases whose timeline cannot be right',
    statistics: '"statistics [year]" – the year\'s figures and charts for the channel\'s cases',
    auditLog: '"audit <case number>" – the audit trail of a case: who did or tried what, and when (central only)',
    export: '"export [year] [csv]" – the register as an Excel file (or CSV), sent to your chat with Brudvagt',
    exportAudit: '"export audit <from> <to>" – the audit trail of a period as a CSV file, e.g. "export audit 2026-01-01 2026-12-31" (central only)',
    register: '"register <unit>" – make the channel the coordinators\' channel of a unit (central group or administrator); a unit cannot be called "central" or "committee"',
    registerCentral: '"register central" – make the channel that of the central security group and the DPO (administrators only)',
    registerCommittee: '"register committee" – make the channel the information-security committee\'s: it gets the card when a case risks harm to the municipality, and decides on a crisis cell ("unregister committee" removes it; administrators only)',
    unregister: '"unregister <unit>" – new reports for the unit go to the central channel (central group or administrator)',
    units: '"units" – which channel gets which unit\'s reports',
    mergeNames: '"merge supplier "KMD Danmark" "KMD"" (or "merge system …") – two spellings count as one in repeats, statistics and the export (central only)',
    unmergeName: '"unmerge supplier "KMD Danmark"" – undoes a merge (central only)',
    names: '"names" – the merged system and supplier names (central only)',
    help: '"help" – this list',
  },
};

/** One paragraph per command: Teams shows a message's single line breaks as spaces. */
const text = (t: typeof da) => [t.title, ...Object.values(t.commands)].join('\n\n');

export const channelHelpDa = text(da);
export const channelHelpEn = text(en);
