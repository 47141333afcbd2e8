import { strict as assert } from 'node:assert';
import ExcelJS from 'exceljs';
import { copenhagenWallClock, exportColumns, type ExportCell } from '../../src/domain/register/exportColumns';
import { registerRecord } from '../../src/domain/register/record';
import { defuseFormula, writeCsv, writeXlsx } from '../../src/export/tableFile';
import { exportDa } from '../../src/i18n/exportDa';
import { exportEn } from '../../src/i18n/exportEn';
import { uploadTarget } from '../../src/teams/fileUpload';
import { KNOWN_NOW, knownYear } from '../domain/registerFixtures';

async function* cells(rows: ExportCell[][]): AsyncIterable<ExportCell[]> {
  yield* rows;
}

describe('export file formats', () => {
  it('every column has a header in Danish and in English, distinct within each language', () => {
    for (const labels of [exportDa, exportEn]) {
      const headers = exportColumns(labels, new Map()).map((c) => c.header);
      assert.ok(headers.every((h) => typeof h === 'string' && h.length > 0));
      assert.equal(new Set(headers).size, headers.length);
    }
  });

  it('CSV: Danish uses ; and a decimal comma, English , and a point; a leading formula sign is defused', async () => {
    const spec = { name: 'x', columns: [{ header: 'A', width: 5 }, { header: 'B', width: 5 }] };
    const row: ExportCell[] = [{ kind: 'number', value: 4.25 }, { kind: 'text', text: '+SUM(A1)' }];
    assert.equal((await writeCsv(spec, cells([row]), 'da')).toString('utf8'), '\ufeffA;B\r\n4,25;\'+SUM(A1)\r\n');
    assert.equal((await writeCsv(spec, cells([row]), 'en')).toString('utf8'), '\ufeffA,B\r\n4.25,\'+SUM(A1)\r\n');
    for (const bad of ['=1+1', '+1', '-1', '@SUM(1)', '\t=1', '\r=1']) assert.equal(defuseFormula(bad)[0], "'");
    assert.equal(defuseFormula('Brev sendt'), 'Brev sendt');
  });

  it('Excel dates carry Copenhagen wall-clock time, summer and winter', () => {
    assert.equal(copenhagenWallClock('2026-07-01T10:30:15.000Z').toISOString(), '2026-07-01T12:30:15.000Z');
    assert.equal(copenhagenWallClock('2026-01-15T23:30:00.000Z').toISOString(), '2026-01-16T00:30:00.000Z');
  });

  it('XLSX: the rows of the known year read back with exceljs, column for column', async () => {
    const now = new Date(KNOWN_NOW);
    const records = knownYear('f').map((c) => registerRecord(c, now));
    const columns = exportColumns(exportEn, new Map([['skoler', 'Schools']]));
    const bytes = await writeXlsx({ name: 'Cases', columns }, cells(records.map((r) => columns.map((c) => c.cell(r)))), () => ({
      spec: { name: 'Statistics', columns: [{ header: 'Figure', width: 10 }] },
      rows: [[{ kind: 'text', text: 'x' }]],
    }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Cases')!;
    assert.equal(ws.rowCount, 6);
    assert.equal(ws.getRow(1).getCell(1).value, 'Case number');
    assert.equal(ws.getRow(2).getCell(3).value, 'Schools');
    const personsCol = columns.findIndex((c) => c.key === 'personsAffected') + 1;
    assert.equal(ws.getRow(2).getCell(personsCol).value, 2);
    // Dates are Excel dates shown with their time (the built-in date-and-time format).
    const reportedCol = columns.findIndex((c) => c.key === 'reportedAt') + 1;
    const reported = ws.getRow(2).getCell(reportedCol);
    assert.ok(reported.value instanceof Date);
    // exceljs reads the built-in format 22 back as 'm/d/yy "h":mm'; Excel shows it in its own locale.
    assert.match(String(reported.numFmt), /h"?:mm/);
  });

  it('XLSX: a bold, frozen header row with a filter over every column; one column for the known incident (issue 17, finding 8)', async () => {
    const now = new Date(KNOWN_NOW);
    const [first, second, third] = knownYear('g');
    const incident = { ...first!, work: { ...first!.work, incident: { title: 'Nexus nede hos 010203-1234', declaredAt: first!.reportedAt, declaredBy: 'k', endedAt: null } } };
    const linked = { ...second!, work: { ...second!.work, linkedTo: incident.number } };
    const records = [incident, linked, third!].map((c) => registerRecord(c, now));
    const columns = exportColumns(exportDa, new Map());
    const bytes = await writeXlsx({ name: 'Sager', columns }, cells(records.map((r) => columns.map((c) => c.cell(r)))), () => ({
      spec: { name: 'Statistik', columns: [{ header: 'Tal', width: 10 }] },
      rows: [[{ kind: 'text', text: 'x' }]],
    }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Sager')!;
    const last = ws.getRow(1).getCell(columns.length).address.replace(/\d+$/, '');
    assert.deepEqual(ws.autoFilter, `A1:${last}1`, 'the filter spans the header row');
    assert.equal(ws.views[0]?.state, 'frozen');
    assert.equal(ws.views[0]?.ySplit, 1);
    for (let i = 1; i <= columns.length; i++) assert.equal(ws.getRow(1).getCell(i).font?.bold, true, `header ${i} is bold`);
    assert.notEqual(ws.getRow(2).getCell(1).font?.bold, true, 'the rows are not bold');
    assert.ok(ws.getRow(2).getCell(columns.findIndex((c) => c.key === 'reportedAt') + 1).value instanceof Date, 'dates stay dates');

    const col = columns.findIndex((c) => c.key === 'linkedTo') + 1;
    assert.equal(ws.getRow(1).getCell(col).value, 'Kendt hændelse / knyttet til');
    assert.equal(ws.getRow(2).getCell(col).value, 'Kendt hændelse: «Nexus nede hos 010203-xxxx»', 'the public title, masked');
    assert.equal(ws.getRow(3).getCell(col).value, incident.number, 'a linked case names the case it is linked to');
    assert.equal(ws.getRow(4).getCell(col).value, null);
    assert.equal(exportColumns(exportEn, new Map()).find((c) => c.key === 'linkedTo')!.header, 'Known incident / linked to');
  });

  it('upload URLs: https only, http only to this machine in local mode, never credentials in the URL', () => {
    assert.ok(uploadTarget('https://tenant-my.sharepoint.com/upload?x=1', false));
    assert.equal(uploadTarget('http://127.0.0.1:9/upload/a', false), null);
    assert.ok(uploadTarget('http://127.0.0.1:9/upload/a', true));
    assert.equal(uploadTarget('http://169.254.169.254/latest', true), null);
    assert.equal(uploadTarget('file:///etc/passwd', true), null);
    assert.equal(uploadTarget('https://user:pw@example.org/', false), null);
    assert.equal(uploadTarget('not a url', false), null);
  });
});
