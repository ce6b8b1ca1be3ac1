import { ExecutionDoesNotExist, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { getApplication, transitionApplication } from '../store/applications.ts';
import { cancelPendingApprovals, listApprovalsOf } from '../store/approvals.ts';
import type { ApplicationStatus } from '../store/types.ts';
import { nameIn, statusNames } from '../shared/code-names.ts';
import { ConflictError } from '../shared/errors.ts';
import { executionArn, sfn } from '../shared/sfn.ts';
import type { Caller } from './access.ts';
import { applicationNotFound } from './application-errors.ts';

const WITHDRAWABLE: readonly ApplicationStatus[] = ['SUBMITTED', 'CHECKING', 'PENDING_APPROVAL', 'DOCUMENTS_REQUESTED', 'PUBLIC_NOTICE', 'AWAITING_BUDGET'];

/**
 * The applicant withdraws before approval.
 * 1. Only the applicant's own application (else 404).
 * 2. Record WITHDRAWN, releasing exclusive claims and taking pending approvals out of the queues,
 *    in one transaction; once approved it is too late (409).
 * 3. Stop the execution.
 */
export async function withdrawApplication(caller: Caller, applicationId: string, requestId: string | undefined): Promise<void> {
  const application = await getApplication(applicationId);
  if (!application || application.applicant.sub !== caller.sub) throw applicationNotFound();
  const pending = (await listApprovalsOf(application.id)).filter((approval) => approval.status === 'PENDING');
  const withdrawn = await transitionApplication(application.id, {
    from: WITHDRAWABLE,
    to: 'WITHDRAWN',
    actor: { sub: caller.sub, name: caller.name, role: 'worker', orgUnit: caller.orgUnit },
    action: 'WITHDRAW',
    requestId,
    note: { zh: '申请人已撤回申请', en: 'Withdrawn by the applicant' },
    releaseClaims: 'all',
    with: cancelPendingApprovals(pending),
  });
  if (!withdrawn) {
    const status = nameIn(statusNames, application.status);
    throw new ConflictError('WRONG_STATE', {
      zh: `申请当前状态为“${status.zh}”，审批通过后不能撤回`,
      en: `The application is ${status.en.toLowerCase()}; it can no longer be withdrawn once approved`,
    });
  }
  try {
    await sfn.send(new StopExecutionCommand({ executionArn: executionArn(application.program, application.id), error: 'Withdrawn', cause: 'withdrawn by the applicant' }));
  } catch (error) {
    if (!(error instanceof ExecutionDoesNotExist)) throw error;
  }
}
