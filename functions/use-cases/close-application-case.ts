import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { transitionApplication } from '../store/applications.ts';
import { caseCloseItem, listCasesOf, type ApplicationCase } from '../store/call-backs.ts';
import { nowIso } from '../shared/clock.ts';
import { ConflictError, NotFoundError } from '../shared/errors.ts';

/**
 * Finance closes a case opened by a call-back with what was found:
 * 1. find the case (404); it must be open (409);
 * 2. one transaction on the application: the case closed and off the open list, a line in the
 *    application's history and audit trail.
 */
export async function closeApplicationCase(applicationId: string, seq: number, note: string, user: { sub: string; name: string; orgUnit: string }): Promise<ApplicationCase> {
  const found = (await listCasesOf(applicationId)).find((item) => item.seq === seq);
  if (!found) throw new NotFoundError({ zh: '未找到该案件', en: 'No such case' });
  const closed = { zh: '该案件已结案', en: 'This case is closed already' };
  if (found.status !== 'OPEN') throw new ConflictError('ALREADY_CLOSED', closed);
  const at = nowIso();
  const by = { sub: user.sub, name: user.name };
  try {
    const moved = await transitionApplication(applicationId, {
      from: ['PAID'],
      to: 'PAID',
      actor: { ...by, role: 'finance', orgUnit: user.orgUnit },
      action: 'CLOSE_CASE',
      reason: note,
      note: { zh: `回访案件已结案：${note}`, en: `Call-back case closed: ${note}` },
      with: [caseCloseItem(found, at, by, note)],
    });
    if (!moved) throw new ConflictError('WRONG_STATE', { zh: '该申请已不是已付款状态', en: 'This application is no longer paid' });
  } catch (error) {
    if (error instanceof TransactionCanceledException) throw new ConflictError('ALREADY_CLOSED', closed);
    throw error;
  }
  return { ...found, status: 'CLOSED', closedAt: at, closedBy: by, closingNote: note };
}
