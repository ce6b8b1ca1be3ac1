import type { Application } from '../store/applications.ts';
import { getApplicationRecords } from '../store/application-records.ts';
import { ApprovalAlreadyDecidedError, MayStandInError, recordApprovalDecision } from '../store/approvals.ts';
import { standingInFor, type Delegation } from '../store/delegations.ts';
import { loadOrgTree } from '../store/directory.ts';
import type { ApprovalRecord } from '../store/types.ts';
import { now } from '../shared/clock.ts';
import { nameIn, statusNames } from '../shared/code-names.ts';
import { shanghaiDate } from '../shared/dates.ts';
import { ConflictError, ForbiddenError } from '../shared/errors.ts';
import type { Message } from '../shared/i18n.ts';
import { maySee, type Caller } from './access.ts';
import { applicationNotFound } from './application-errors.ts';
import { answerTask } from './answer-approval-task.ts';

export interface Decision {
  decision: 'approve' | 'reject';
  comment?: string | undefined;
}

/** Four-eyes: nobody decides an application they applied for, nor two levels of the same one. */
export function fourEyesProblem(caller: Pick<Caller, 'sub'>, application: Application, approvals: readonly ApprovalRecord[], pendingLevel: number): Message | undefined {
  if (application.applicant.sub === caller.sub) return { zh: '不能审批本人提交的申请', en: 'You cannot decide your own application' };
  if (application.filedBy?.sub === caller.sub) return { zh: '这份申请由您代为提交，须由其他审批人审批', en: 'You filed this application for the member; another official must decide it' };
  if (approvals.some((approval) => approval.decidedBy?.sub === caller.sub && approval.level !== pendingLevel)) {
    return { zh: '您已审批过该申请的另一级，同一申请不能由同一人审批两级', en: 'You already decided another level of this application; one person may not decide two levels' };
  }
  return undefined;
}

/**
 * One official's decision on one application.
 * 1. The application with its approvals (one read) must be visible (else 404) and awaiting approval (else 409).
 * 2. A pending approval of this official's unit and level (else 403), and four-eyes.
 * 3. Record the decision with its audit event, naming the colleague stood in for under a delegation:
 *    the write holds only while the official stands in for nobody today, and only when it does not
 *    are their delegations read and the decision recorded with the colleague's name.
 * 4. Answer the waiting workflow task (SendTaskSuccess / SendTaskFailure) with the token the
 *    decision's write was conditioned on, so it is the one the task holds; an approval sends the
 *    next level's plan with it. The same decision sent again once recorded (a retry after a lost
 *    reply or a 503) answers the task again and succeeds.
 */
export async function decideApplication(caller: Caller, applicationId: string, body: Decision, requestId: string | undefined) {
  const tree = await loadOrgTree();
  const records = await getApplicationRecords(applicationId);
  const application = records?.application;
  if (!records || !application || !maySee(caller, application, tree)) throw applicationNotFound();
  if (application.status !== 'PENDING_APPROVAL') {
    const status = nameIn(statusNames, application.status);
    throw new ConflictError('WRONG_STATE', { zh: `申请当前状态为“${status.zh}”，已无需审批`, en: `The application is ${status.en.toLowerCase()}; nothing awaits a decision` });
  }
  const approvals = records.approvals;
  const pending = approvals.find((approval) => approval.round === application.round && approval.status === 'PENDING');
  const approve = body.decision === 'approve';
  const mayDecide = pending && (pending.deciderLevel ?? pending.level) === caller.level && pending.orgUnit === caller.orgUnit;
  // The same decision sent again (its first reply was lost, or was a 503 after the write): it was
  // recorded, but its task may never have been answered; answer it again (a second answer of an
  // answered task is ignored), so the workflow is never left waiting on a recorded decision.
  const recorded = mayDecide ? undefined : approvals.find((approval) => approval.round === application.round && approval.decidedBy?.sub === caller.sub && approval.status === (approve ? 'APPROVED' : 'REJECTED'));
  if (recorded) {
    await answerTask(recorded.taskToken, recorded, records);
    return { applicationId: application.id, level: recorded.level, decision: body.decision };
  }
  if (!pending || !mayDecide) {
    throw new ForbiddenError({ zh: '该申请当前不在您的审批级别', en: 'This application is not awaiting a decision at your level' });
  }
  const fourEyes = fourEyesProblem(caller, application, approvals, pending.level);
  if (fourEyes) throw new ForbiddenError(fourEyes);

  const unit = tree.get(pending.orgUnit);
  const today = shanghaiDate(now().toISOString());
  const record = (standIn: Delegation | undefined, checkNobodyStoodInFor: boolean) => {
    const who = standIn ? `${caller.name}（代 ${standIn.from.name}）` : caller.name;
    const whoEn = standIn ? `${caller.name} for ${standIn.from.name}` : caller.name;
    return recordApprovalDecision(
      pending,
      approve ? 'APPROVED' : 'REJECTED',
      { sub: caller.sub, name: caller.name, role: 'official', orgUnit: caller.orgUnit },
      body.comment,
      approve
        ? withComment({ zh: `${unit?.name.zh ?? pending.orgUnit}第 ${pending.level} 级审批通过（${who}）`, en: `Level ${pending.level} approved by ${whoEn} (${unit?.name.en ?? pending.orgUnit})` }, body.comment)
        : { zh: `${unit?.name.zh ?? pending.orgUnit}第 ${pending.level} 级驳回（${who}）`, en: `Level ${pending.level} rejected by ${whoEn} (${unit?.name.en ?? pending.orgUnit})` },
      requestId,
      standIn?.from,
      application,
      checkNobodyStoodInFor ? { sub: caller.sub, day: today } : undefined,
    );
  };
  // Most officials stand in for nobody: the write holds only while that is so, and only otherwise are the delegations read.
  const recordNamingStandIn = async () => {
    try {
      return await record(undefined, true);
    } catch (error) {
      if (!(error instanceof MayStandInError)) throw error;
      return record(await standingInFor(caller.sub, today), false);
    }
  };
  let decided;
  try {
    decided = await recordNamingStandIn();
  } catch (error) {
    if (error instanceof ApprovalAlreadyDecidedError) throw new ConflictError('ALREADY_DECIDED', { zh: '该级审批已有决定', en: 'This level has already been decided' });
    throw error;
  }
  if (!decided) throw new ConflictError('WRONG_STATE', { zh: '申请状态已变化，已无需审批', en: 'The application has moved on; nothing awaits a decision' });
  await answerTask(decided.approval.taskToken, decided.approval, { application: decided.application, approvals });
  return { applicationId: application.id, level: pending.level, decision: body.decision };
}

/** An approval's comment goes into the history the applicant reads (a rejection's reason is its own entry). */
const withComment = (note: Message, comment: string | undefined): Message => (comment ? { zh: `${note.zh}：${comment}`, en: `${note.en}: ${comment}` } : note);
