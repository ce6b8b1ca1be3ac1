import { getApplicationRecords } from '../store/application-records.ts';
import { planApprovalLevel, type ApprovalPlan } from '../use-cases/plan-approval-level.ts';
import { ApplicationMissingError } from './errors.ts';

/**
 * The next level of the approval chain, planned from the records, where nothing has planned it:
 * after documents were added or overdue, an approval overdue, an appeal or an objection. On the
 * way through the chain the eligibility check plans the first level and each approval the next
 * (use-cases/plan-approval-level.ts).
 */
export const handler = async (event: { applicationId: string }): Promise<ApprovalPlan> => {
  const records = await getApplicationRecords(event.applicationId);
  if (!records) throw new ApplicationMissingError(event.applicationId);
  return planApprovalLevel(records.application, records.approvals);
};
