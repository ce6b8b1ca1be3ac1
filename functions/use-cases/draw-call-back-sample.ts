import { randomInt } from 'node:crypto';
import { drawSample } from '../domain/finance/evaluation.ts';
import { getSample, listSamples, saveSample, type CallBackItem, type CallBackSample } from '../store/call-backs.ts';
import { loadOrgTree } from '../store/directory.ts';
import { listSettled } from '../store/payments.ts';
import { nowIso } from '../shared/clock.ts';
import { referenceDay } from '../shared/dates.ts';
import { ConflictError } from '../shared/errors.ts';

/** How many paid applications one draw takes, from `CALLBACK_SAMPLE_SIZE` (1 to 50, default 10). */
export function callBackSampleSize(): number {
  const size = Number(process.env.CALLBACK_SAMPLE_SIZE ?? '10');
  if (!Number.isInteger(size) || size < 1 || size > 50) throw new Error(`CALLBACK_SAMPLE_SIZE must be a whole number from 1 to 50, not ${process.env.CALLBACK_SAMPLE_SIZE}`);
  return size;
}

/**
 * Finance draws a random sample of paid applications for call-backs (回访核查), as UNICEF's HOPE
 * verifies payments:
 * 1. the applications paid in the year (by program and part of the tree when given), one line per
 *    application, leaving out those already drawn this year;
 * 2. a uniform sample of the configured size, from a cryptographic source;
 * 3. the sample and its items in one transaction. 409 when nothing is left to draw.
 */
export async function drawCallBackSample(scope: { year: number; program?: string; orgUnit?: string }, drawnBy: { sub: string; name: string }): Promise<{ sample: CallBackSample; items: CallBackItem[] }> {
  const tree = await loadOrgTree();
  const units = scope.orgUnit ? new Set(tree.subtree(scope.orgUnit)) : undefined;
  const drawn = new Set<string>();
  for (const earlier of await listSamples(scope.year)) for (const item of (await getSample(earlier.sampleId))?.items ?? []) drawn.add(item.applicationId);
  const candidates = new Map<string, CallBackItem>();
  const at = nowIso();
  const sampleId = `CB-${referenceDay(at)}-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
  for (const paid of await listSettled('PAID', scope.year)) {
    if ((scope.program && paid.program !== scope.program) || (units && !units.has(paid.orgUnit)) || drawn.has(paid.applicationId) || candidates.has(paid.applicationId)) continue;
    candidates.set(paid.applicationId, { sampleId, applicationId: paid.applicationId, program: paid.program, orgUnit: paid.orgUnit, payeeName: paid.payeeName, amountFen: paid.amountFen, paidAt: paid.paidAt ?? paid.createdAt });
  }
  if (candidates.size === 0) throw new ConflictError('NOTHING_TO_SAMPLE', { zh: '没有可抽取的已付款申请（本年度已付款的申请都已抽过）', en: 'No paid application is left to draw (every one paid this year has been drawn)' });
  const items = drawSample([...candidates.values()], callBackSampleSize(), () => randomInt(0, 2 ** 32) / 2 ** 32);
  const sample: CallBackSample = { sampleId, year: scope.year, ...(scope.program ? { program: scope.program } : {}), ...(scope.orgUnit ? { orgUnit: scope.orgUnit } : {}), size: items.length, drawnAt: at, drawnBy };
  await saveSample(sample, items);
  return { sample, items };
}
