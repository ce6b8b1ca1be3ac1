import { getApplication, transitionApplication } from '../store/applications.ts';
import { instructionId, listPaymentInstructions, paymentInstructionPut } from '../store/payments.ts';
import { workflowActor } from '../store/types.ts';
import { nowIso } from '../shared/clock.ts';
import { ApplicationMissingError } from './errors.ts';

interface BankAccount {
  holder: string;
  bank: string;
  number: string;
}

/**
 * After the last approval: APPROVED, then DISBURSING with the payment instruction finance will
 * batch. The instruction is written with the status change, once: a re-run finds it and stops.
 */
export const handler = async (event: { applicationId: string }): Promise<{ instructionId: string } | { skipped: string }> => {
  const application = await getApplication(event.applicationId);
  if (!application?.decision) throw new ApplicationMissingError(event.applicationId);
  const existing = (await listPaymentInstructions(application.id))[0];
  if (existing) return { instructionId: existing.instructionId };

  await transitionApplication(application.id, {
    from: ['PENDING_APPROVAL', 'PUBLIC_NOTICE'],
    to: 'APPROVED',
    actor: workflowActor,
    action: 'APPROVE',
    note: { zh: '审批通过', en: 'Approved' },
  });
  const account = application.details.bankAccount as BankAccount;
  const instruction = {
    instructionId: instructionId(application.id, 1),
    applicationId: application.id,
    program: application.program,
    attempt: 1,
    amountFen: application.decision.amountFen,
    payeeName: account.holder,
    bank: account.bank,
    accountNumber: account.number,
    status: 'PENDING' as const,
    createdAt: nowIso(),
  };
  const moved = await transitionApplication(application.id, {
    from: ['APPROVED'],
    to: 'DISBURSING',
    actor: workflowActor,
    action: 'ISSUE_PAYMENT',
    note: { zh: '已生成付款指令，等待财务发放', en: 'Payment instruction issued; awaiting disbursement by finance' },
    with: [paymentInstructionPut(instruction)],
  });
  return moved ? { instructionId: instruction.instructionId } : { skipped: application.status };
};
