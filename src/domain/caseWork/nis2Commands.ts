/**
 * The coordinator's NIS2 commands (issue 18, part 3): mark the case a significant NIS2 incident with a
 * reason, unmark it with a reason, and record each report submitted through virk.dk with its receipt.
 *
 * Decisions:
 * - Marking twice is a no-op (no event), like taking one's own case; the reason of the first stays.
 * - Unmarking keeps the reports already recorded (they were submitted; the register says so), and stops
 *   the duties: they read «ikke relevant».
 * - One early warning, one notification and one final report per case ('nis2_report_exists'); intermediate
 *   and progress reports as many as asked for. The intermediate and the final report need the notification
 *   first ('nis2_notification_required': the final report's month counts from it).
 * - A report after its deadline needs a delay reason ('delay_reason_required'), as the late initial Art. 33
 *   notification does; an early warning is judged by the early warning's deadline even when a notification
 *   was recorded before it. The intermediate report has no deadline of its own.
 * - Instants follow the timeline rule (./timeline.ts): none before awareness (nor the discovery), none in the
 *   future, a notification not before the early warning, the final report not before the notification.
 */
import type { Person } from '../case';
import { dutyRow, dutyState, type DutyId } from '../duties/dutyTable';
import { change, fail, instant, isErr, oneOf, text, type Command } from './commands';
import { WORK_LIMITS, statusOf, type CaseWork, type CommandResult, type WorkContext } from './model';
import { NIS2_REPORT_KINDS, nis2Marking, nis2Report, type Nis2ReportKind } from './nis2';
import type { TimelinePoint } from './timeline';

export interface MarkNis2Cmd {
  reason: string;
}
export interface UnmarkNis2Cmd {
  reason: string;
}
export interface RecordNis2ReportCmd {
  kind: Nis2ReportKind;
  at: string;
  reference: string;
  delayReason?: string;
}

export type Nis2Command =
  | ({ type: 'markNis2' } & MarkNis2Cmd)
  | ({ type: 'unmarkNis2' } & UnmarkNis2Cmd)
  | ({ type: 'recordNis2Report' } & RecordNis2ReportCmd);

/** The timeline point of each report kind. */
export const NIS2_POINT: Record<Nis2ReportKind, TimelinePoint> = {
  early_warning: 'nis2_early_warning',
  notification: 'nis2_notification',
  intermediate: 'nis2_intermediate',
  final: 'nis2_final',
};

/** The duty whose deadline judges a report of this kind late (none for the intermediate report). */
const DUTY_OF_KIND: Record<Nis2ReportKind, DutyId | null> = {
  early_warning: 'nis2_early_warning',
  notification: 'nis2_notification',
  intermediate: null,
  final: 'nis2_final_report',
};

const reasonOf = (raw: unknown) => text('reason', raw, { max: WORK_LIMITS.reason, min: WORK_LIMITS.nis2ReasonMin });

export const markNis2: Command<MarkNis2Cmd> = (work, cmd, actor, now) => {
  if (statusOf(work) === 'closed') return fail('case_closed');
  const reason = reasonOf(cmd?.reason);
  if (isErr(reason)) return reason;
  if (nis2Marking(work) !== null) return { ok: true, work, status: statusOf(work), events: [] };
  return change(work, actor, now, 'nis2_marked', (w) => {
    w.nis2 = { significant: true, reason: reason.value, at: now.toISOString(), by: actor.name, reports: w.nis2?.reports ?? [] };
    return {};
  });
};

export const unmarkNis2: Command<UnmarkNis2Cmd> = (work, cmd, actor, now) => {
  if (statusOf(work) === 'closed') return fail('case_closed');
  if (nis2Marking(work) === null) return fail('nis2_not_marked');
  const reason = reasonOf(cmd?.reason);
  if (isErr(reason)) return reason;
  return change(work, actor, now, 'nis2_unmarked', (w) => {
    w.nis2 = { significant: false, reason: reason.value, at: now.toISOString(), by: actor.name, reports: w.nis2?.reports ?? [] };
    return {};
  });
};

export const recordNis2Report: Command<RecordNis2ReportCmd> = (work, cmd, actor, now, ctx) => {
  if (statusOf(work) === 'closed') return fail('case_closed');
  if (nis2Marking(work) === null) return fail('nis2_not_marked');
  if (!oneOf(NIS2_REPORT_KINDS, cmd?.kind)) return fail('invalid_choice', 'kind');
  if (cmd.kind !== 'intermediate' && nis2Report(work, cmd.kind)) return fail('nis2_report_exists', 'kind');
  if ((cmd.kind === 'intermediate' || cmd.kind === 'final') && !nis2Report(work, 'notification')) return fail('nis2_notification_required', 'kind');
  const at = instant('at', cmd.at, now, work, ctx, NIS2_POINT[cmd.kind]);
  if (isErr(at)) return at;
  const reference = text('reference', cmd.reference, { max: WORK_LIMITS.reference });
  if (isErr(reference)) return reference;
  const delay = text('delayReason', cmd.delayReason, { max: WORK_LIMITS.delayReason, required: false });
  if (isErr(delay)) return delay;
  const duty = DUTY_OF_KIND[cmd.kind];
  if (duty !== null && delay.value === '') {
    const deadline = dutyState(dutyRow(duty), { work, ctx }, now).deadline;
    if (deadline !== null && at.value.getTime() > deadline.getTime()) return fail('delay_reason_required', 'delayReason');
  }
  return change(work, actor, now, 'nis2_reported', (w) => {
    const record = w.nis2!;
    record.reports.push({
      kind: cmd.kind,
      at: at.value.toISOString(),
      reference: reference.value,
      ...(delay.value === '' ? {} : { delayReason: delay.value }),
    });
    return { kind: cmd.kind, reference: reference.value };
  });
};

/**
 * A recorded NIS2 report without a delay reason that would be late under this work (an awareness moved
 * earlier, say): `setAware` refuses such a move, as it does for the initial Art. 33 notification.
 */
export function nis2LateWithoutReason(work: CaseWork, ctx: WorkContext, now: Date): boolean {
  for (const r of work.nis2?.reports ?? []) {
    const duty = DUTY_OF_KIND[r.kind];
    if (duty === null || r.delayReason) continue;
    // Judged as its own command judged it: the early warning by its 24 hours even when a notification came first.
    const deadline = dutyState(dutyRow(duty), { work, ctx }, now).deadline;
    if (deadline !== null && Date.parse(r.at) > deadline.getTime()) return true;
  }
  return false;
}

export function applyNis2Command(work: CaseWork, cmd: Nis2Command, actor: Person, now: Date, ctx: WorkContext): CommandResult {
  switch (cmd.type) {
    case 'markNis2':
      return markNis2(work, cmd, actor, now, ctx);
    case 'unmarkNis2':
      return unmarkNis2(work, cmd, actor, now, ctx);
    case 'recordNis2Report':
      return recordNis2Report(work, cmd, actor, now, ctx);
  }
}
