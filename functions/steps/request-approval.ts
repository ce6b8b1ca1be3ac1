import { getProgram } from '../domain/programs/index.ts';
import { getApplicationRecords } from '../store/application-records.ts';
import { openApproval, replaceApprovalToken, getApproval } from '../store/approvals.ts';
import { loadOrgTree } from '../store/directory.ts';
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
  const tree = await loadOrgTree();
  const lineage = tree.lineage(application.applicant.orgUnit);
  // Where the tree has no unit at that level, the nearest higher unit decides.
  const decidingUnit = tree.atLevel(application.applicant.orgUnit, event.level) ?? lineage.find((unit) => unit.level > event.level) ?? lineage.at(-1);
  if (!decidingUnit) throw new ApplicationMissingError(event.applicationId);
  const program = getProgram(application.program);

  const opened = records.approvals.find((candidate) => candidate.round === application.round && candidate.level === event.level);
  const approval = opened ?? await openApproval(application, event.level, decidingUnit.id, event.taskToken, {
    zh: `等待${decidingUnit.name.zh}第 ${event.level} 级审批`,
    en: `Awaiting level ${event.level} approval by ${decidingUnit.name.en}`,
  }, {
    zh: `新的待审批申请：${application.applicant.name}的${program.name.zh}申请（第 ${event.level} 级）`,
    en: `New in your queue: ${application.applicant.name}'s ${program.name.en} application (level ${event.level})`,
  });
  if (approval.taskToken === event.taskToken) return;
  if (approval.status === 'PENDING' && (await replaceApprovalToken(approval, event.taskToken))) return;
  const decided = await getApproval(application.id, approval.round, approval.level);
  if (decided) await answerTask(event.taskToken, decided, records);
};
