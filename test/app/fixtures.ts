/** Realistic reports and cases for the use-case tests, built through the use cases themselves. */
import { strict as assert } from 'node:assert';
import { confirmReport, type CardConfirmation, type ConfirmResult } from '../../src/app/confirmReport';
import { dispatchCase } from '../../src/app/dispatchCase';
import { CENTRAL_UNIT_ID, type ChannelAddress, type UnitRegistration } from '../../src/app/ports';
import { startReport } from '../../src/app/startReport';
import { submitReportForm, type DraftRef } from '../../src/app/submitReportForm';
import type { BreachCase, ConversationAddress, Person } from '../../src/domain/case';
import type { ReportValues } from '../../src/domain/report';
import type { MemoryWorld } from '../helpers/memoryPorts';
import { copenhagenWallClock as local } from '../helpers/reportValues';

export const TENANT = 'tenant-ishoj';
export const UNIT_ID = 'borgerservice';

export const person = (n: number, name: string): Person => ({ aadObjectId: `aad-${n}`, teamsUserId: `29:user-${n}`, name });

export const reporter = person(1, 'Rikke Reporter');
export const anna = person(2, 'Anna Koordinator');
export const bo = person(3, 'Bo Koordinator');
export const cecilie = person(4, 'Cecilie Central');

export function channel(n: number, teamName: string): ChannelAddress {
  return {
    serviceUrl: 'https://smba.example/emea/',
    tenantId: TENANT,
    teamId: `19:team-${n}@thread.tacv2`,
    teamName,
    channelId: `19:channel-${n}@thread.tacv2`,
    channelName: `Brud - ${teamName}`,
    botId: '28:brudvagt',
  };
}

export const unitChannel = channel(31, 'Borgerservice');
export const centralChannel = channel(30, 'Sikkerhedsgruppen');

export function addressOf(p: Person): ConversationAddress {
  return {
    serviceUrl: 'https://smba.example/emea/',
    conversationId: `a:personal-${p.aadObjectId}`,
    tenantId: TENANT,
    channelId: 'msteams',
    botId: '28:brudvagt',
    botName: 'Brudvagt',
  };
}

/** Registers the central channel and the unit's channel. */
export async function registerChannels(world: MemoryWorld): Promise<void> {
  const at = world.clock.now().toISOString();
  const reg = (id: string, name: string, ch: ChannelAddress): UnitRegistration => ({ id, name, tenantId: TENANT, channel: ch, registeredBy: cecilie, registeredAt: at, locale: 'da' });
  await world.units.save(reg(CENTRAL_UNIT_ID, 'central', centralChannel));
  await world.units.save(reg(UNIT_ID, 'Borgerservice', unitChannel));
}

export { local };

/** What a reporter types into the report card: valid, discovered `hoursAgo` before `now`. */
export function typed(now: Date, hoursAgo = 1, overrides: Partial<Record<keyof ReportValues, string>> = {}): Record<string, string> {
  const discovered = local(new Date(now.getTime() - hoursAgo * 3600_000));
  return {
    reporterName: reporter.name,
    reporterEmail: 'rikke@ishoj.example',
    reporterTitle: 'Sagsbehandler',
    reporterDepartment: 'Borgerservice',
    unitIds: UNIT_ID,
    breachTypes: 'confidentiality',
    whatHappened: 'Et brev med oplysninger er sendt til en forkert borger.',
    dataKinds: 'names',
    personsAffected: '1',
    discoveredDate: discovered.date,
    discoveredTime: discovered.time,
    ongoing: 'stopped',
    supplierInvolved: 'no',
    ...overrides,
  };
}

export interface Summary {
  ref: DraftRef;
  values: ReportValues;
}

/** "anmeld", then the form submitted: the summary card (its ref carries the ETag it was drawn with). */
export async function fileReport(world: MemoryWorld, input: Record<string, string>, who: Person = reporter): Promise<Summary> {
  const { draft } = await startReport(world.reporting, {
    tenantId: TENANT,
    reporter: who,
    address: addressOf(who),
    locale: 'da',
    profile: { name: who.name, email: 'rikke@ishoj.example' },
  });
  const ref: DraftRef = { tenantId: TENANT, reporterAadId: who.aadObjectId, draftId: draft.value.draftId, etag: draft.etag };
  const result = await submitReportForm(world.reporting, ref, input, [UNIT_ID]);
  assert.equal(result.kind, 'summary', `form accepted: ${JSON.stringify(result.kind === 'invalid' ? result.errors : result.kind)}`);
  if (result.kind !== 'summary') throw new Error('unreachable');
  return { ref: { ...ref, etag: result.etag }, values: result.values };
}

/** What the summary card carries back on "send". */
export function cardOf(summary: Summary, who: Person = reporter): CardConfirmation {
  return { values: summary.values, reporter: who, address: addressOf(who), locale: 'da' };
}

export function confirm(world: MemoryWorld, summary: Summary, card?: CardConfirmation): Promise<ConfirmResult> {
  return confirmReport(world.reporting, summary.ref, [UNIT_ID], card);
}

/**
 * A reported case, posted into the unit's channel as the bot does after the receipt.
 * `hoursAgo`: when the breach was discovered, before now.
 */
export async function reportedCase(world: MemoryWorld, hoursAgo = 1, who: Person | { dispatch: false } = reporter, overrides: Partial<Record<keyof ReportValues, string>> = {}): Promise<BreachCase> {
  const person = 'aadObjectId' in who ? who : reporter;
  const summary = await fileReport(world, typed(world.clock.now(), hoursAgo, overrides), person);
  const result = await confirm(world, summary, cardOf(summary, person));
  assert.equal(result.kind, 'created');
  if (result.kind !== 'created') throw new Error('unreachable');
  if ('dispatch' in who) return result.breachCase;
  const { posted } = await dispatchCase(world.coordination, TENANT, result.breachCase.id, result.breachCase);
  assert.equal(posted, 1, 'posted to the unit channel');
  return world.cases.peek(TENANT, result.breachCase.id)!.value;
}
