/**
 * The file formats of the register export: a streaming XLSX (exceljs) and a CSV (csv-stringify) that a
 * Danish Excel opens. Both lay out ExportCells (src/domain/register/exportColumns.ts) and know nothing of
 * cases. Rows are consumed as they come, so 10,000 cases never sit in memory as a workbook model: only
 * the compressed file grows (a few MB), and it is uploaded from memory, never written to disk, because
 * it holds the register's free texts.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { ExportSheet } from '../app/ports';
import { copenhagenText, copenhagenWallClock, type ExportCell } from '../domain/register/exportColumns';

export type ExportFormat = 'xlsx' | 'csv';

/** The sheet's name and columns (the port's shape: src/app/ports.ts, ExportFileWriter). */
export type SheetSpec = ExportSheet;

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

function xlsxValue(cell: ExportCell): string | number | Date | null {
  switch (cell.kind) {
    case 'text':
      return cell.text;
    case 'number':
      return cell.value;
    case 'instant':
      return copenhagenWallClock(cell.at);
    default:
      return null;
  }
}

/**
 * XLSX with a first sheet of rows and a second sheet whose rows are asked for only after the first is
 * written (the statistics are computed from the rows as they pass).
 */
export async function writeXlsx(
  first: SheetSpec,
  rows: AsyncIterable<ExportCell[]>,
  second: () => { spec: SheetSpec; rows: ExportCell[][] },
  more?: () => { spec: SheetSpec; rows: ExportCell[][] }[],
): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  // Inline strings (no shared-string table): memory stays flat however many rows. No styles: see datesWithTime.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: false, useSharedStrings: false });
  datesWithTime(workbook);
  boldHeaders(workbook);
  await writeSheet(workbook, first, rows);
  const after = second();
  await writeSheet(workbook, after.spec, after.rows);
  for (const sheet of more?.() ?? []) await writeSheet(workbook, sheet.spec, sheet.rows);
  await workbook.commit();
  await ended;
  return Buffer.concat(chunks);
}

async function writeSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, spec: SheetSpec, rows: AsyncIterable<ExportCell[]> | Iterable<ExportCell[]>): Promise<void> {
  // The header row stays in view and carries a filter on every column, so the DPO can sort and filter
  // the register at once (issue 17, finding 8).
  const sheet = workbook.addWorksheet(spec.name.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
    ...(spec.columns.length > 0 ? { autoFilter: { from: { row: 1, column: 1 }, to: { row: 1, column: spec.columns.length } } } : {}),
  });
  sheet.columns = spec.columns.map((c, i) => ({ key: String(i), header: c.header, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  for await (const cells of rows) sheet.addRow(cells.map(xlsxValue)).commit();
  sheet.commit();
}

/**
 * exceljs's style table costs more than the rest of the export (a style lookup per cell: 10,000 × 50
 * cells), so styles are off. Without them exceljs gives every date the built-in short-date format
 * (id 14), which hides the time; the 72 hours are counted in hours, so that one style is made the
 * built-in date-and-time format instead (id 22, shown in the reader's own Excel locale, e.g.
 * "02-03-2026 09:00" in a Danish Excel). This reaches into exceljs 4.4.0's style stub (pinned);
 * test/export/exportFile.test.ts fails if a new version changes it.
 */
function datesWithTime(workbook: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const styles = (workbook as unknown as { styles?: { _dateStyleId?: number; model?: { styles?: object[] } } }).styles;
  if (!styles?.model?.styles || styles._dateStyleId !== undefined) return;
  styles._dateStyleId = styles.model.styles.length;
  styles.model.styles.push({ numFmtId: 22 });
}

/**
 * Styles are off (see datesWithTime), so exceljs's stub gives every non-date cell style 0. The header
 * row's bold font is the one other style: a bold font and a cell style using it are added to the stub,
 * and a cell whose font is bold gets that style; every other cell costs one property check more.
 * Same pinned exceljs 4.4.0 internals; test/export/exportFile.test.ts reads the bold header back.
 */
function boldHeaders(workbook: ExcelJS.stream.xlsx.WorkbookWriter): void {
  type Stub = { model?: { styles?: object[]; fonts?: object[] }; addStyleModel?: (model: { font?: { bold?: boolean } } | undefined, cellType: unknown) => number };
  const styles = (workbook as unknown as { styles?: Stub }).styles;
  const plain = styles?.addStyleModel;
  if (!styles?.model?.styles || !styles.model.fonts || !plain) return;
  const fontId = styles.model.fonts.length;
  styles.model.fonts.push({ size: 11, color: { theme: 1 }, name: 'Calibri', family: 2, scheme: 'minor', bold: true });
  const boldStyleId = styles.model.styles.length;
  styles.model.styles.push({ numFmtId: 0, fontId, fillId: 0, borderId: 0, xfId: 0 });
  styles.addStyleModel = (model, cellType) => (model?.font?.bold ? boldStyleId : plain.call(styles, model, cellType));
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, a tab or a carriage return first) gets a
 * leading apostrophe: typed text must never become a formula in the DPO's Excel (CSV injection).
 */
export function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * The CSV a Danish Excel opens by double-click: UTF-8 with a byte-order mark, `;` between fields and a
 * decimal comma (Danish Excel's list separator and decimal sign); English: `,` and a decimal point.
 */
export async function writeCsv(spec: SheetSpec, rows: AsyncIterable<ExportCell[]>, locale: 'da' | 'en'): Promise<Buffer> {
  const delimiter = locale === 'da' ? ';' : ',';
  const csvValue = (cell: ExportCell): string => {
    switch (cell.kind) {
      case 'text':
        return defuseFormula(cell.text);
      case 'number':
        return locale === 'da' ? String(cell.value).replace('.', ',') : String(cell.value);
      case 'instant':
        return copenhagenText(cell.at);
      default:
        return '';
    }
  };
  // Quoted only where needed (a delimiter, a quote or a line break inside): as Excel writes CSV itself.
  const line = (values: string[]) => stringify([values], { delimiter, record_delimiter: '\r\n' });
  const parts: Buffer[] = [Buffer.from('\ufeff', 'utf8'), Buffer.from(line(spec.columns.map((c) => defuseFormula(c.header))), 'utf8')];
  for await (const cells of rows) parts.push(Buffer.from(line(cells.map(csvValue)), 'utf8'));
  return Buffer.concat(parts);
}
