import { transitionApplication } from '../store/applications.ts';
import { getApplicationRecords } from '../store/application-records.ts';
import { instructionId, paymentInstructionPut } from '../store/payments.ts';
import { workflowActor } from '../store/types.ts';
import { nowIso } from '../shared/clock.ts';
import { ApplicationMissingError } from './errors.ts';

interface BankAccount {
  holder: string;
  bank: string;
  number: string;
}

/**
 * Issues the payment instruction finance will batch: the first after approval, a new attempt to
 * the corrected account after a failed transfer (the failed one stays in the history). Written
 * with the move to DISBURSING, once per attempt: a re-run finds the live attempt and stops.
 */
export const handler = async (event: { applicationId: string }): Promise<{ instructionId: string }> => {
  const records = await getApplicationRecords(event.applicationId);
  const application = records?.application;
  if (!records || !application?.decision) throw new ApplicationMissingError(event.applicationId);
  const instructions = records.payments;
  const latest = instructions.at(-1);
  if (latest && latest.status !== 'FAILED') return { instructionId: latest.instructionId };

  const attempt = instructions.length + 1;
  const account = application.details.bankAccount as BankAccount;
  const instruction = {
    instructionId: instructionId(application.id, attempt),
    applicationId: application.id,
    program: application.program,
    orgUnit: application.applicant.orgUnit,
    attempt,
    amountFen: application.reservation?.amountFen ?? application.decision.amountFen,
    payeeName: account.holder,
    bank: account.bank,
    accountNumber: account.number,
    status: 'PENDING' as const,
    createdAt: nowIso(),
  };
  await transitionApplication(application.id, {
    from: ['APPROVED', 'PAYMENT_FAILED'],
    to: 'DISBURSING',
    actor: workflowActor,
    action: attempt === 1 ? 'ISSUE_PAYMENT' : 'REISSUE_PAYMENT',
    note:
      attempt === 1
        ? { zh: '已生成付款指令，等待财务发放', en: 'Payment instruction issued; awaiting disbursement by finance' }
        : { zh: `已按新账户重新生成付款指令（第 ${attempt} 次）`, en: `Payment re-issued to the corrected account (attempt ${attempt})` },
    with: [paymentInstructionPut(instruction)],
  }, application);
  return { instructionId: instruction.instructionId };
};
