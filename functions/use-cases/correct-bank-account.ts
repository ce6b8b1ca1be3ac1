import { getApplication, transitionApplication } from '../store/applications.ts';
import { foreignAccountProblem, type BankAccount } from '../domain/programs/common.ts';
import { now } from '../shared/clock.ts';
import { ConflictError, ValidationError } from '../shared/errors.ts';
import type { Caller } from './access.ts';
import { applicationNotFound } from './application-errors.ts';
import { resumeWaiting } from './resume-waiting-workflow.ts';

/**
 * After a failed transfer the applicant corrects the bank account; the workflow then re-issues
 * the payment to it. The failed attempt stays in the history.
 * 1. Only the applicant's own application (else 404), and an account in their own name (400).
 * 2. Record the new account, only after a failed payment (else 409).
 * 3. Resume the workflow waiting for the account.
 */
export async function correctBankAccount(caller: Caller, applicationId: string, account: BankAccount, requestId: string | undefined): Promise<void> {
  const application = await getApplication(applicationId);
  if (!application || application.applicant.sub !== caller.sub) throw applicationNotFound();
  const foreignAccount = foreignAccountProblem(account.holder, application.applicant.name);
  if (foreignAccount) throw new ValidationError([{ path: 'holder', message: foreignAccount }]);
  const updated = await transitionApplication(application.id, {
    from: ['PAYMENT_FAILED'],
    to: 'PAYMENT_FAILED',
    actor: { sub: caller.sub, name: caller.name, role: 'worker', orgUnit: caller.orgUnit },
    action: 'UPDATE_BANK_ACCOUNT',
    requestId,
    set: { details: { ...application.details, bankAccount: account }, bankAccountUpdatedAt: now().toISOString() },
    note: { zh: '申请人已更正收款账户，将重新发放', en: 'The applicant corrected the bank account; payment will be re-issued' },
  });
  if (!updated) {
    throw new ConflictError('WRONG_STATE', { zh: '只有付款失败后才能更正收款账户', en: 'The bank account can be corrected only after a failed payment' });
  }
  await resumeWaiting(application.id, 'bank-account');
}
