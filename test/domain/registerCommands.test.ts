import { strict as assert } from 'node:assert';
import { parseChannelCommand, type ChannelCommand } from '../../src/domain/unit';

describe('channel commands of the register', () => {
  const rows: [string, ChannelCommand][] = [
    ['sager', { kind: 'cases' }],
    ['Cases', { kind: 'cases' }],
    ['statistik', { kind: 'statistics' }],
    ['statistics 2025', { kind: 'statistics', year: 2025 }],
    ['statistik  2026 ', { kind: 'statistics', year: 2026 }],
    ['statistik i år', { kind: 'unknown' }],
    ['log BV-2026-0007', { kind: 'auditLog', caseNumber: 'BV-2026-0007' }],
    ['audit bv-2026-0007', { kind: 'auditLog', caseNumber: 'BV-2026-0007' }],
    ['log', { kind: 'unknown' }],
    ['mine sager', { kind: 'unknown' }],
    ['tilmeld Sager', { kind: 'register', unitName: 'Sager' }],
  ];
  for (const [text, expected] of rows) it(`«${text}»`, () => assert.deepEqual(parseChannelCommand(text), expected));
});
