import { getProgram } from '../domain/programs/index.ts';
import { getApplicationRecords } from '../store/application-records.ts';
import { openApproval, replaceApprovalToken, getApproval } from '../store/approvals.ts';
import { loadOrgTree } from '../store/directory.ts';
import type { Application } from '../store/applications.ts';
import type { ApprovalRecord } from '../store/types.ts';
import { decidingUnitFor } from '../use-cases/deciding-unit.ts';
import { SendTaskFailureCommand } from '@aws-sdk/client-sfn';
import { sfn } from '../shared/sfn.ts';
import { answerTask } from '../use-cases/answer-approval-task.ts';
import { DOCUMENTS_REQUESTED } from '../use-cases/review-documents.ts';
import { ApplicationMissingError } from './errors.ts';

/**
 * The waiting task of one approval level (callback pattern): stores the task token on the
 * approval record, which puts it in the officials' queue. After a re-drive the level may exist
 * already: a pending one gets the new token; a decided one is answered at once.
 */
export const handler = async (event: { applicationId: string; level: number; taskToken: string }): Promise<void> => {
  const records = await getApplicationRecords(event.applicationId);
  if (!records) throw new ApplicationMissingError(event.applicationId);
  const { application } = records;
  // Re-driven while the worker is asked for documents: go (back) to the documents wait.
  if (application.status === 'DOCUMENTS_REQUESTED') {
    await sfn.send(new SendTaskFailureCommand({ taskToken: event.taskToken, error: DOCUMENTS_REQUESTED, cause: 'documents requested' }));
    return;
  }
  if (application.status !== 'PENDING_APPROVAL') return;
  const opened = records.approvals.find((candidate) => candidate.round === application.round && candidate.level === event.level);
  const approval = opened ?? (await open(application, records.approvals, event));
  if (approval.taskToken === event.taskToken) return;
  if (approval.status === 'PENDING' && (await replaceApprovalToken(approval, event.taskToken))) return;
  const decided = await getApproval(application.id, approval.round, approval.level);
  if (decided) await answerTask(event.taskToken, decided, records);
};

/** Opens the level with the unit that decides it (deciding-unit.ts); the history says why when that is a unit above. */
async function open(application: Application, approvals: readonly ApprovalRecord[], event: { applicationId: string; level: number; taskToken: string }) {
  const decider = await decidingUnitFor(application, approvals, event.level, await loadOrgTree());
  if (!decider) throw new ApplicationMissingError(event.applicationId);
  const program = getProgram(application.program);
  const { unit, passedOver } = decider;
  const skipped = { zh: passedOver.map((each) => each.name.zh).join('、'), en: passedOver.map((each) => each.name.en).join(', ') };
  const why = passedOver.length
    ? { zh: `（${skipped.zh}无人可审：同一申请不能由同一人审批两级，也不能由代为提交的人审批）`, en: ` (nobody at ${skipped.en} may decide it: one person may not decide two levels of an application, nor one they filed)` }
    : { zh: '', en: '' };
  return openApproval(
    application,
    event.level,
    { orgUnit: unit.id, level: decider.deciderLevel },
    event.taskToken,
    { zh: `等待${unit.name.zh}第 ${event.level} 级审批${why.zh}`, en: `Awaiting level ${event.level} approval by ${unit.name.en}${why.en}` },
    {
      zh: `新的待审批申请：${application.applicant.name}的${program.name.zh}申请（第 ${event.level} 级）${why.zh}`,
      en: `New in your queue: ${application.applicant.name}'s ${program.name.en} application (level ${event.level})${why.en}`,
    },
  );
}
