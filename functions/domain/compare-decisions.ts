import type { Message } from './message.ts';
import { formatYuan } from './money.ts';
import type { Decision } from './programs/types.ts';

/** One check under the recorded policy version and under the one in force, side by side. */
export interface CheckComparison {
  code: string;
  recorded?: { passed: boolean; message: Message };
  inForce?: { passed: boolean; message: Message };
  changed: boolean;
}

export interface DecisionComparison {
  checks: CheckComparison[];
  recordedAmountFen: number;
  inForceAmountFen: number;
  recordedEligible: boolean;
  inForceEligible: boolean;
  changed: boolean;
  /** For the worker, in plain words: what the policy now in force would decide differently. */
  summary: Message;
}

/**
 * An appeal re-decides the same facts under the policy version the decision recorded and under the
 * one in force now; this lines the two decisions up check by check and says what changed.
 */
export function compareDecisions(recorded: Decision, inForce: Decision): DecisionComparison {
  const codes = [...new Set([...recorded.checks.map((c) => c.code), ...inForce.checks.map((c) => c.code)])];
  const checks = codes.map((code) => {
    const before = recorded.checks.find((c) => c.code === code);
    const after = inForce.checks.find((c) => c.code === code);
    return {
      code,
      ...(before ? { recorded: { passed: before.passed, message: before.message } } : {}),
      ...(after ? { inForce: { passed: after.passed, message: after.message } } : {}),
      changed: before?.passed !== after?.passed || before?.message.zh !== after?.message.zh,
    };
  });
  const amountChanged = recorded.amountFen !== inForce.amountFen;
  const eligibilityChanged = recorded.eligible !== inForce.eligible;
  const changed = amountChanged || eligibilityChanged || checks.some((c) => c.changed);
  const newlyFailed = checks.filter((c) => c.recorded?.passed && c.inForce && !c.inForce.passed).map((c) => c.inForce!.message);
  const newlyPassed = checks.filter((c) => c.recorded && !c.recorded.passed && c.inForce?.passed).map((c) => c.inForce!.message);
  const parts: Message[] = [];
  if (!changed) parts.push({ zh: '按现行政策重新审核，结果与原决定相同', en: 'Decided again under the policy now in force, the outcome is the same as before' });
  else {
    if (eligibilityChanged) parts.push(inForce.eligible ? { zh: '按现行政策，您符合条件', en: 'Under the policy now in force you qualify' } : { zh: '按现行政策，您不符合条件', en: 'Under the policy now in force you do not qualify' });
    if (amountChanged && inForce.eligible) parts.push({ zh: `金额由 ${formatYuan(recorded.amountFen)} 变为 ${formatYuan(inForce.amountFen)}`, en: `the amount changes from ${formatYuan(recorded.amountFen)} to ${formatYuan(inForce.amountFen)}` });
    for (const message of newlyPassed) parts.push({ zh: `现在满足：${message.zh}`, en: `now met: ${message.en}` });
    for (const message of newlyFailed) parts.push({ zh: `现在不满足：${message.zh}`, en: `no longer met: ${message.en}` });
    if (parts.length === 0) parts.push({ zh: '按现行政策重新审核，说明有所变化，结果相同', en: 'Decided again under the policy now in force, the reasons read differently but the outcome is the same' });
  }
  return {
    checks,
    recordedAmountFen: recorded.amountFen,
    inForceAmountFen: inForce.amountFen,
    recordedEligible: recorded.eligible,
    inForceEligible: inForce.eligible,
    changed,
    summary: { zh: `${parts.map((p) => p.zh).join('；')}。`, en: `${parts.map((p) => p.en).join('; ')}.` },
  };
}
