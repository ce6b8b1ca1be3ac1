import { randomBytes } from 'node:crypto';
import { bankFormats, type BankFormatId, type PayerAccount } from '../domain/finance/bank-formats/index.ts';
import type { SignOffCount } from '../domain/finance/sign-off.ts';
import { loadOrgTree } from '../store/directory.ts';
import { blockedBy, warnedBy } from '../domain/finance/payment-rules.ts';
import { listUnbatched, saveBatch, takeIntoBatch, type BatchItem, type PaymentBatch } from '../store/payments.ts';
import { markBlocked } from '../store/payment-rules.ts';
import { paymentAuditContext, type AuditReading } from './audit-payment-instruction.ts';
import { numberIdentity } from '../domain/sealed.ts';
import { now } from '../shared/clock.ts';
import { referenceDay, shanghaiYear } from '../shared/dates.ts';
import { ConflictError, ValidationError } from '../shared/errors.ts';
import { mapBounded } from '../shared/bounded.ts';
import { financeActor, type FinanceUser } from './payment-batch-access.ts';

/** Candidates read at once while a batch is prepared, and the window they are read in (bounding what is held in memory). */
const READ_CONCURRENCY = 8;
const READ_WINDOW = 200;

export interface BatchRequest {
  program?: string;
  orgUnit?: string;
  bankFormat: BankFormatId;
  payer?: PayerAccount;
}

/**
 * How many distinct finance users sign a batch off, from `BATCH_SIGN_OFFS` (2: preparer and
 * releaser; 3: preparer, reviewer and releaser). Fixed on each batch when it is prepared.
 */
export function configuredSignOffs(): SignOffCount {
  const setting = process.env.BATCH_SIGN_OFFS ?? '2';
  if (setting !== '2' && setting !== '3') throw new Error(`BATCH_SIGN_OFFS must be 2 or 3, not ${setting}`);
  return Number(setting) as SignOffCount;
}

/** Readings in groups that go to the same payee, account and amount, each group in the readings' order. */
function groupedBySamePayment(readings: AuditReading[]): AuditReading[][] {
  const groups = new Map<string, AuditReading[]>();
  for (const reading of readings) {
    const key = JSON.stringify([reading.instruction.payeeName, numberIdentity(reading.accountNumber), reading.instruction.amountFen]);
    const group = groups.get(key);
    if (group) group.push(reading);
    else groups.set(key, [reading]);
  }
  return [...groups.values()];
}

/**
 * Finance prepares a batch (the maker's step):
 * 1. check the org unit and that the chosen bank format has what it needs (the paying account);
 * 2. run the payment audit rules on each approved, unpaid instruction (optionally of one program
 *    and org subtree): one that fails a blocking rule stays out, waiting with its results for
 *    finance to fix or hold; the others are taken, each with a conditional write (so an
 *    instruction belongs to one batch only), with their results;
 * 3. store the batch as PREPARED with the first event of its audit trail. It waits for another
 *    finance user's release (and, when three sign, a review) before its bank file exists.
 */
export async function preparePaymentBatch(request: BatchRequest, user: FinanceUser, requestId?: string): Promise<{ batch: PaymentBatch; items: BatchItem[] }> {
  // The org tree only says which units a batch of one subtree covers.
  const tree = request.orgUnit ? await loadOrgTree() : undefined;
  if (request.orgUnit && !tree?.get(request.orgUnit)) throw new ValidationError([{ path: 'orgUnit', message: { zh: `没有组织 ${request.orgUnit}`, en: `No org unit ${request.orgUnit}` } }]);
  const format = bankFormats[request.bankFormat];
  if (format.needsPayer && !request.payer) {
    throw new ValidationError([{ path: 'payer', message: { zh: `${format.name.zh}格式须填写付款账户（账号、户名、开户行）`, en: `The ${format.name.en} format needs the paying account (number, name and bank)` } }]);
  }
  const signOffs = configuredSignOffs();
  const scope = request.orgUnit && tree ? new Set(tree.subtree(request.orgUnit)) : undefined;
  // All that wait, read once: the candidates are of the program asked for, the duplicate rule looks at all of them.
  const unbatched = await listUnbatched();
  const candidates = unbatched.filter((instruction) => (!request.program || instruction.program === request.program) && (!scope || scope.has(instruction.orgUnit)));
  const createdAt = now().toISOString();
  const batchId = `B-${referenceDay(createdAt)}-${randomBytes(3).toString('hex').toUpperCase()}`;
  const items: BatchItem[] = [];
  const rules = paymentAuditContext(user.sub);
  let blocked = 0;
  const pending = candidates.filter((instruction) => instruction.status === 'PENDING');
  // A window of candidates is read at once, then judged and taken. Only candidates to the same
  // payee, account and amount bear on each other (the second is the first's in-batch duplicate
  // once the first is taken), so each such group goes one by one, in order, and the groups at
  // once: one by one, the 32 conditional takes of a batch of 32 held up the whole batch.
  for (let start = 0; start < pending.length; start += READ_WINDOW) {
    const readings = await mapBounded(pending.slice(start, start + READ_WINDOW), READ_CONCURRENCY, (instruction) => rules.read(instruction, shanghaiYear(instruction.createdAt)));
    const outcomes = new Map<AuditReading, BatchItem | 'blocked' | undefined>();
    await mapBounded(groupedBySamePayment(readings), READ_CONCURRENCY, async (group) => {
      for (const reading of group) {
        const { instruction } = reading;
        const checks = rules.judge(reading);
        if (blockedBy(checks).length) {
          await markBlocked(instruction, { at: createdAt, batchId, results: checks });
          outcomes.set(reading, 'blocked');
          continue;
        }
        // Taken as it is stored: its sealed card number goes into the batch item (the listing shows it masked).
        const taken = await takeIntoBatch(instruction, batchId);
        if (!taken) continue;
        rules.accept(taken);
        outcomes.set(reading, {
          batchId,
          instructionId: taken.instructionId,
          applicationId: taken.applicationId,
          attempt: taken.attempt,
          program: taken.program,
          orgUnit: taken.orgUnit,
          payeeName: taken.payeeName,
          bank: taken.bank,
          accountNumber: taken.accountNumber,
          amountFen: taken.amountFen,
          year: shanghaiYear(instruction.createdAt),
          checks,
        });
      }
    });
    // The batch lists its items in the candidates' order, oldest first, however the groups ran.
    for (const reading of readings) {
      const outcome = outcomes.get(reading);
      if (outcome === 'blocked') blocked += 1;
      else if (outcome) items.push(outcome);
    }
  }
  if (items.length === 0 && blocked > 0) {
    throw new ConflictError('ALL_BLOCKED', { zh: `${blocked} 笔付款被付款审核规则拦截，未生成批次；请在“被拦截的付款”中处理`, en: `${blocked} payment(s) were blocked by the payment audit rules, so no batch was made; see the blocked payments` });
  }
  if (items.length === 0) throw new ConflictError('NOTHING_TO_PAY', { zh: '没有待发放的付款指令', en: 'No approved payment is waiting for a batch' });
  const totalFen = items.reduce((sum, item) => sum + item.amountFen, 0);
  const batch = {
    batchId,
    status: 'PREPARED' as const,
    signOffs,
    bankFormat: request.bankFormat,
    ...(format.needsPayer && request.payer ? { payer: request.payer } : {}),
    createdAt,
    createdBy: { sub: user.sub, name: user.name },
    ...(request.program ? { program: request.program } : {}),
    ...(request.orgUnit ? { orgUnit: request.orgUnit } : {}),
    count: items.length,
    totalFen,
    ...(blocked ? { blockedCount: blocked } : {}),
    warnedCount: items.filter((item) => warnedBy(item.checks ?? []).length > 0).length,
  };
  const stored = await saveBatch(batch, items, {
    actor: financeActor(user),
    at: createdAt,
    action: 'PREPARE_BATCH',
    before: null,
    after: { status: 'PREPARED', count: items.length, totalFen, signOffs, bankFormat: request.bankFormat, blocked, warned: batch.warnedCount },
    ...(requestId ? { requestId } : {}),
  });
  return { batch: stored, items };
}
