import { RECEIPT_KIND } from '../domain/programs/document-kinds.ts';
import { formatYuan } from '../domain/money.ts';
import { getApplicationRecords } from '../store/application-records.ts';
import { loadOrgTree } from '../store/directory.ts';
import { nowIso } from '../shared/clock.ts';
import { ConflictError } from '../shared/errors.ts';
import { maySee, type Caller } from './access.ts';
import { applicationNotFound } from './application-errors.ts';
import { documentsToAttach } from './documents-to-attach.ts';
import { settlePayment } from './settle-payment.ts';

/**
 * An official hands over cash or goods (warmth-visits) and uploads the photo of the receipt the
 * recipient signed: that records the delivery and closes the grant as paid.
 * 1. An official of the household's unit or above (else 404), while the hand delivery waits (else 409).
 * 2. The photo must be the official's own upload, recognised, of the signed-receipt kind (else a
 *    field error under `documentId`).
 * 3. One transaction, as a bank's PAID: the application to PAID with the receipt among its
 *    documents, the instruction to paid with the receipt named, the budget and the ledger entry to
 *    paid; then the workflow's payment wait is resumed.
 */
export async function recordDeliveryReceipt(caller: Caller, applicationId: string, documentId: string, requestId: string | undefined) {
  const records = await getApplicationRecords(applicationId);
  const application = records?.application;
  if (!records || !application || !caller.groups.includes('official') || !maySee(caller, application, await loadOrgTree())) throw applicationNotFound();
  const instruction = records.payments.at(-1);
  if (application.status !== 'DISBURSING' || !instruction || instruction.delivery !== 'receipt' || instruction.status !== 'PENDING') {
    throw new ConflictError('WRONG_STATE', { zh: '这笔慰问不是待当面发放的状态，无需上传签收单', en: 'This grant is not waiting to be handed over, so no receipt is taken' });
  }
  const at = nowIso();
  const attached = await documentsToAttach(caller.sub, application.id, [{ kind: RECEIPT_KIND, documentId }], [RECEIPT_KIND], 'documentId', { sub: caller.sub, name: caller.name }, at);
  const settled = await settlePayment(instruction, application.year, 'PAID', {}, { sub: caller.sub, name: caller.name, role: 'official', orgUnit: caller.orgUnit }, requestId, {
    documentId,
    set: { documents: [...(application.documents ?? []), ...attached.documents] },
    writes: attached.writes,
    note: { zh: `已当面发放 ${formatYuan(instruction.amountFen)}，受助人签收单已上传（${caller.name}）`, en: `${formatYuan(instruction.amountFen)} handed over; the recipient’s signed receipt was uploaded (${caller.name})` },
  });
  if (!settled) throw new ConflictError('WRONG_STATE', { zh: '这笔慰问的状态已变化，请刷新后再试', en: 'The grant changed meanwhile; reload and try again' });
  return { id: application.id, status: 'PAID' as const };
}
