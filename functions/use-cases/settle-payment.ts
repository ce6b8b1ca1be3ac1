import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { getApplication, transitionApplication, type Application, type Transition } from '../store/applications.ts';
import { settleBudgetItem } from '../store/budgets.ts';
import { settleInstructionItem, settleReceiptItem } from '../store/payments.ts';
import type { Actor, PaymentInstructionItem } from '../store/types.ts';
import { formatYuan } from '../domain/money.ts';
import { nowIso } from '../shared/clock.ts';
import { paymentOutcome, send } from './waiting-outcome.ts';
import { countEvent } from '../shared/metrics.ts';
import { grantOf } from './ledger-grant.ts';
import { ledgerPaidItem } from '../store/ledger.ts';

/**
 * Applies the bank's word on one instruction (as stored: its listing is written anew). False when it
 * was settled already (a re-import).
 * 1. Read the application's reservation (`read`: as the caller has just read it).
 * 2. One transaction with its audit event: PAID moves the application to PAID (releasing claims
 *    held only while open), the instruction to paid, the reserved amount to paid on the budget and
 *    the ledger entry to paid;
 *    FAILED moves the application to PAYMENT_FAILED, for the worker to correct the account.
 *    It holds only while the workflow task waiting on the application is the one read.
 * 3. A cancelled transaction means it left DISBURSING already: false.
 * 4. Answer that task, if it waits for the payment: a task that stores its token after the write
 *    reads the settled instruction and answers itself (await-application-event.ts).
 * A hand delivery (`receipt`: the recipient's signed receipt, its photo's document) settles as
 * PAID the same way, its instruction from waiting rather than from a batch, with the receipt
 * attached to the application in the same transaction.
 */
export async function settlePayment(
  item: PaymentInstructionItem,
  /** The year it is listed under once settled. */
  year: number,
  outcome: 'PAID' | 'FAILED',
  detail: { reference?: string; reason?: string },
  actor: Actor,
  requestId?: string,
  receipt?: { documentId: string; set: NonNullable<Transition['set']>; writes: NonNullable<Transition['with']>; note: NonNullable<Transition['note']> },
  readBefore?: Application,
): Promise<boolean> {
  const at = nowIso();
  const read = readBefore ?? (await getApplication(item.applicationId));
  const reservation = read?.reservation;
  let waiting: Application['waiting'];
  try {
    const application = await transitionApplication(item.applicationId, {
      from: ['DISBURSING'],
      to: outcome === 'PAID' ? 'PAID' : 'PAYMENT_FAILED',
      actor,
      action: outcome === 'PAID' ? 'PAYMENT_PAID' : 'PAYMENT_FAILED',
      ...(requestId ? { requestId } : {}),
      ...(outcome === 'FAILED' ? { reason: detail.reason ?? '' } : {}),
      ...(receipt ? { set: receipt.set } : {}),
      note: receipt
        ? receipt.note
        : outcome === 'PAID'
          ? { zh: `已发放 ${formatYuan(item.amountFen)}（银行流水 ${detail.reference ?? '—'}）`, en: `Paid ${formatYuan(item.amountFen)} (bank reference ${detail.reference ?? '—'})` }
          : { zh: `银行转账失败：${detail.reason ?? ''}。请更正收款账户`, en: `The bank transfer failed: ${detail.reason ?? ''}. Please correct the bank account` },
      ...(outcome === 'PAID' ? { releaseClaims: 'open' as const } : {}),
      sameWaitingTask: true,
      with: [
        receipt ? settleReceiptItem(item, year, at, receipt.documentId) : settleInstructionItem(item, year, outcome, at, detail),
        ...(receipt?.writes ?? []),
        ...(outcome === 'PAID' && reservation ? [settleBudgetItem(reservation, item.amountFen, at)] : []),
        ...(outcome === 'PAID' && read?.decision ? [ledgerPaidItem(grantOf(read), at)] : []),
      ],
    }, read);
    if (!application) return false;
    if (outcome === 'PAID') countEvent('paid', application.program);
    waiting = application.waiting;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return false;
    throw error;
  }
  const settled = paymentOutcome({ instructionId: item.instructionId, status: outcome, failureReason: detail.reason ?? '' });
  if (waiting?.kind === 'payment' && settled) await send(waiting.token, settled);
  return true;
}
