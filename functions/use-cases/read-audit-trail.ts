import { listAuditEvents } from '../store/audit.ts';
import { getProfiles } from '../store/directory.ts';
import type { Lang } from '../shared/i18n.ts';

const actionNames: Record<string, [string, string]> = {
  OPEN_BUDGET_ROUND: ['开始预算编制', 'Round opened'],
  BUDGET_PROPOSAL: ['一上·提出预算建议', 'First up: proposal'],
  BUDGET_CONTROL_FIGURE: ['一下·下达控制数', 'First down: control figure'],
  BUDGET_DETAILED: ['二上·编报细化预算', 'Second up: detailed budget'],
  BUDGET_APPROVAL: ['二下·批复预算', 'Second down: approved'],
  REQUEST_BUDGET_ADJUSTMENT: ['提出预算调整', 'Adjustment requested'],
  APPROVE_BUDGET_ADJUSTMENT: ['批准预算调整', 'Adjustment approved'],
  REFUSE_BUDGET_ADJUSTMENT: ['不批准预算调整', 'Adjustment refused'],
  HOLD_PAYMENT: ['暂缓支付', 'Payment held'],
  RELEASE_HOLD: ['恢复支付', 'Hold released'],
};

export interface TrailEvent {
  seq: number;
  at: string;
  action: string;
  /** What happened, in the reader's language. */
  actionName: string;
  actor: { name: string; role: string };
  reason?: string;
  after: Record<string, unknown> | null;
}

/** An audit chain as a reader sees it: what happened, when, by whom (by name), and why. */
export async function readAuditTrail(subject: string, lang: Lang): Promise<TrailEvent[]> {
  const events = await listAuditEvents(subject);
  const people = await getProfiles(events.map((event) => event.actor.sub));
  return events.map((event) => {
    const names = actionNames[event.action];
    return {
      seq: event.seq,
      at: event.at,
      action: event.action,
      actionName: names ? (lang === 'en' ? names[1] : names[0]) : lang === 'en' ? 'Change' : '变更',
      actor: { name: people.get(event.actor.sub)?.name ?? event.actor.sub, role: event.actor.role },
      ...(event.reason ? { reason: event.reason } : {}),
      after: (event.after ?? null) as Record<string, unknown> | null,
    };
  });
}
