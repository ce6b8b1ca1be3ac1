import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { callBackResultNames, type CallBackResult } from '../domain/finance/evaluation.ts';
import { formatYuan } from '../domain/money.ts';
import { transitionApplication } from '../store/applications.ts';
import { callBackResultItem, casePut, getSample, listCasesOf, type CallBackItem } from '../store/call-backs.ts';
import { loadOrgTree } from '../store/directory.ts';
import { nowIso } from '../shared/clock.ts';
import { ConflictError, NotFoundError } from '../shared/errors.ts';

/**
 * An official records what the worker said on the call-back:
 * 1. find the sampled item (404, also for an official outside the worker's part of the tree);
 * 2. one transaction on the application (still PAID): the result on the item, once (409 if
 *    recorded already), a line in its history and audit trail, and for "not received" a case
 *    opened on the application, listed among the open cases.
 */
export async function recordCallBack(sampleId: string, applicationId: string, result: CallBackResult, note: string, official: { sub: string; name: string; orgUnit: string }): Promise<CallBackItem> {
  const found = await getSample(sampleId);
  const item = found?.items.find((candidate) => candidate.applicationId === applicationId);
  if (!item || !(await loadOrgTree()).contains(official.orgUnit, item.orgUnit)) throw new NotFoundError({ zh: '未找到该回访记录', en: 'No such call-back' });
  if (item.result) throw new ConflictError('ALREADY_RECORDED', { zh: '该回访结果已登记', en: 'This call-back is recorded already' });
  const at = nowIso();
  const by = { sub: official.sub, name: official.name };
  const recorded = { result, note, recordedAt: at, recordedBy: by };
  const opensCase = result === 'not-received';
  const seq = opensCase ? (await listCasesOf(applicationId)).length + 1 : 0;
  const name = callBackResultNames[result];
  try {
    const moved = await transitionApplication(applicationId, {
      from: ['PAID'],
      to: 'PAID',
      actor: { sub: official.sub, name: official.name, role: 'official', orgUnit: official.orgUnit },
      action: 'CALL_BACK',
      reason: note,
      note: opensCase
        ? { zh: `回访核查：职工表示未收到 ${formatYuan(item.amountFen)}，已立案核查`, en: `Call-back: the worker says the ${formatYuan(item.amountFen)} did not arrive; a case is open` }
        : { zh: `回访核查：${name.zh}`, en: `Call-back: ${name.en}` },
      with: [
        callBackResultItem(item, recorded),
        ...(opensCase ? [casePut({ applicationId, seq, program: item.program, orgUnit: item.orgUnit, kind: 'payment-not-received', status: 'OPEN', openedAt: at, openedBy: by, note })] : []),
      ],
    });
    if (!moved) throw new ConflictError('WRONG_STATE', { zh: '该申请已不是已付款状态', en: 'This application is no longer paid' });
  } catch (error) {
    if (error instanceof TransactionCanceledException) throw new ConflictError('ALREADY_RECORDED', { zh: '该回访结果已登记', en: 'This call-back is recorded already' });
    throw error;
  }
  return { ...item, ...recorded };
}
