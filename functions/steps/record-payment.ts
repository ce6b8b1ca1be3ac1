import { transitionApplication } from '../store/applications.ts';
import { getApplicationRecords } from '../store/application-records.ts';
import { instructionId, paymentInstructionPut, receiptInstructionPut } from '../store/payments.ts';
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
 * Details without a bank account (warmth-visits' cash or goods) are handed over by an official:
 * that instruction stays out of the batches and the photo of the recipient's signed receipt settles it.
 */
export const handler = async (event: { applicationId: string }): Promise<{ instructionId: string }> => {
  const records = await getApplicationRecords(event.applicationId);
  const application = records?.application;
  if (!records || !application?.decision) throw new ApplicationMissingError(event.applicationId);
  const instructions = records.payments;
  const latest = instructions.at(-1);
  if (latest && latest.status !== 'FAILED') return { instructionId: latest.instructionId };

  const attempt = instructions.length + 1;
  const account = application.details.bankAccount as BankAccount | undefined;
  const instruction = {
    instructionId: instructionId(application.id, attempt),
    applicationId: application.id,
    program: application.program,
    orgUnit: application.applicant.orgUnit,
    attempt,
    amountFen: application.reservation?.amountFen ?? application.decision.amountFen,
    payeeName: account?.holder ?? application.applicant.name,
    bank: account?.bank ?? '',
    accountNumber: account?.number ?? '',
    status: 'PENDING' as const,
    createdAt: nowIso(),
  };
  await transitionApplication(application.id, {
    from: ['APPROVED', 'PAYMENT_FAILED'],
    to: 'DISBURSING',
    actor: workflowActor,
    action: attempt === 1 ? 'ISSUE_PAYMENT' : 'REISSUE_PAYMENT',
    note: !account
      ? { zh: '待工会工作人员当面发放，受助人签收后上传签收单', en: 'To be handed over by a union official; the receipt the recipient signs is then uploaded' }
      : attempt === 1
        ? { zh: '已生成付款指令，等待财务发放', en: 'Payment instruction issued; awaiting disbursement by finance' }
        : { zh: `已按新账户重新生成付款指令（第 ${attempt} 次）`, en: `Payment re-issued to the corrected account (attempt ${attempt})` },
    with: [account ? paymentInstructionPut(instruction) : receiptInstructionPut(instruction)],
  }, application);
  return { instructionId: instruction.instructionId };
};
