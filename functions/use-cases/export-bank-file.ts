import { getProgram } from '../domain/programs/index.ts';
import type { ProgramId } from '../domain/programs/types.ts';
import { bankFormats, transferPurpose, type TransferFile } from '../domain/finance/bank-formats/index.ts';
import { mayDownloadBankFile } from '../domain/finance/sign-off.ts';
import { recordBankFileDownload } from '../store/payments.ts';
import { openAccountNumbers } from '../store/sealed-fields.ts';
import { nowIso } from '../shared/clock.ts';
import { ConflictError } from '../shared/errors.ts';
import { financeActor, withFreshBatch, type FinanceUser } from './payment-batch-access.ts';

/**
 * The bank transfer file of a released batch, in the format chosen when it was prepared:
 * 1. refuse (409) until the batch is released — a prepared batch has no bank file;
 * 2. record the download in the batch's audit trail (the first marks it SENT);
 * 3. open the account numbers (stored sealed) and build the file: the same batch always gives the same bytes.
 */
export function exportBankFile(batchId: string, user: FinanceUser, requestId?: string): Promise<TransferFile & { batchId: string }> {
  return withFreshBatch(batchId, async (batch, items) => {
    if (!mayDownloadBankFile(batch.status)) {
      throw new ConflictError('BATCH_NOT_RELEASED', { zh: '批次尚未放行：须由另一位财务人员放行后才能下载银行文件', en: 'The batch is not released yet: another finance user must release it before its bank file can be downloaded' });
    }
    const at = nowIso();
    const recorded = await recordBankFileDownload(
      batch,
      { sub: user.sub, name: user.name, at },
      {
        actor: financeActor(user),
        at,
        action: 'DOWNLOAD_BANK_FILE',
        before: { status: batch.status },
        // The download is the read of the batch's account numbers in full (opened only for the file).
        after: { status: batch.status === 'RELEASED' ? 'SENT' : batch.status, bankFormat: batch.bankFormat, read: 'accountNumber', lines: items.length },
        ...(requestId ? { requestId } : {}),
      },
    );
    if (!recorded) return undefined;
    const lines = (await openAccountNumbers(items)).map((item) => ({ ...item, purpose: transferPurpose(getProgram(item.program as ProgramId).name.zh, item.applicationId) }));
    return { batchId, ...bankFormats[batch.bankFormat].file(lines, batch.payer) };
  });
}
