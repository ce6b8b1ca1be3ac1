import { listPaymentInstructions } from '../store/payments.ts';
import { setHold } from '../store/payment-rules.ts';
import { nowIso } from '../shared/clock.ts';
import { ConflictError, NotFoundError } from '../shared/errors.ts';
import type { PaymentInstructionItem } from '../store/types.ts';
import { financeActor, type FinanceUser } from './payment-batch-access.ts';

/** `APP-…-P2` → the application and the attempt. */
function parseInstructionId(instructionId: string): { applicationId: string; attempt: number } | undefined {
  const match = /^(.+)-P(\d{1,3})$/.exec(instructionId);
  return match ? { applicationId: match[1] as string, attempt: Number(match[2]) } : undefined;
}

export async function findInstruction(instructionId: string): Promise<PaymentInstructionItem> {
  const parsed = parseInstructionId(instructionId);
  const found = parsed && (await listPaymentInstructions(parsed.applicationId)).find((instruction) => instruction.attempt === parsed.attempt);
  if (!found) throw new NotFoundError({ zh: '未找到该付款指令', en: 'No such payment instruction' });
  return found;
}

/**
 * Finance holds a waiting instruction (typically one the audit rules blocked) out of every batch,
 * with a comment, or lets a held one wait for the next batch again:
 * 1. find it (404); it must be waiting to hold it, held to let it go (409 otherwise);
 * 2. change it with a conditional write, with its audit event on the instruction's own chain
 *    (`payment-instruction:<id>`); the comment is in the hold, shown on the list.
 */
export async function holdPaymentInstruction(instructionId: string, hold: boolean, comment: string | undefined, user: FinanceUser): Promise<PaymentInstructionItem> {
  const instruction = await findInstruction(instructionId);
  const at = nowIso();
  const record = hold ? { sub: user.sub, name: user.name, at, comment: comment ?? '' } : undefined;
  if (!(await setHold(instruction, record, financeActor(user), at, comment))) {
    throw new ConflictError('WRONG_INSTRUCTION_STATE', hold ? { zh: '只有待编入批次的付款可以暂缓', en: 'Only a payment waiting for a batch can be held' } : { zh: '该付款未被暂缓', en: 'This payment is not held' });
  }
  const { hold: _previous, ...rest } = instruction;
  return { ...rest, status: hold ? 'HELD' : 'PENDING', ...(record ? { hold: record } : {}) };
}

