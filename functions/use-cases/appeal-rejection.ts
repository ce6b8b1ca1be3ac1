import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { claimPuts, getApplication, transitionApplication } from '../store/applications.ts';
import { now } from '../shared/clock.ts';
import { nameIn, statusNames } from '../shared/code-names.ts';
import { ConflictError } from '../shared/errors.ts';
import type { Caller } from './access.ts';
import { applicationNotFound } from './application-errors.ts';
import { resumeWaiting } from './resume-waiting-workflow.ts';

/**
 * The applicant appeals a rejection, once, within the appeal period.
 * 1. Only the applicant's own rejected application, not appealed before, in time (else 404/409).
 * 2. Re-take the exclusive claims released at rejection (another application may have taken them: 409).
 * 3. A new review round by the levels above the one that rejected (the top level again, by another
 *    official, when none is above).
 * 4. Resume the workflow waiting for the appeal.
 */
export async function appealRejection(caller: Caller, applicationId: string, reason: string, requestId: string | undefined): Promise<void> {
  const application = await getApplication(applicationId);
  if (!application || application.applicant.sub !== caller.sub) throw applicationNotFound();
  if (application.appealedAt) throw new ConflictError('ALREADY_APPEALED', { zh: '每份申请只能申诉一次', en: 'An application may be appealed only once' });
  if (application.status !== 'REJECTED') {
    const status = nameIn(statusNames, application.status);
    throw new ConflictError('WRONG_STATE', { zh: `申请当前状态为“${status.zh}”，只有未通过的申请可以申诉`, en: `The application is ${status.en.toLowerCase()}; only a rejected application can be appealed` });
  }
  if (application.appealUntil && now().toISOString() > application.appealUntil) {
    throw new ConflictError('APPEAL_CLOSED', { zh: '申诉期已过，不能再申诉', en: 'The time to appeal has passed' });
  }
  const chain = application.approvalLevels ?? [];
  const rejectedLevel = application.rejectedLevel ?? 1;
  const above = chain.filter((level) => level > rejectedLevel);
  const appealLevels = above.length > 0 ? above : [Math.max(rejectedLevel, ...chain)];
  try {
    const appealed = await transitionApplication(application.id, {
      from: ['REJECTED'],
      to: 'PENDING_APPROVAL',
      actor: { sub: caller.sub, name: caller.name, role: 'worker', orgUnit: caller.orgUnit },
      action: 'APPEAL',
      reason,
      requestId,
      set: { round: application.round + 1, approvalLevels: appealLevels, appealedAt: now().toISOString() },
      note: { zh: `申请人提出申诉：${reason}`, en: `Appealed by the applicant: ${reason}` },
      with: claimPuts(application.id, [...application.claims, ...(application.openClaims ?? [])]),
    });
    if (!appealed) throw new ConflictError('WRONG_STATE', { zh: '申请状态已变化，请刷新后再试', en: 'The application changed meanwhile; reload and try again' });
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      throw new ConflictError('DUPLICATE_CLAIM', { zh: '同一受助对象已有另一份有效申请，无法申诉', en: 'Another live application already covers the same beneficiary, so this one cannot be appealed' });
    }
    throw error;
  }
  await resumeWaiting(application.id, 'appeal');
}
