import type { ComponentChildren } from 'preact';
import type { LineClass } from '../../../../functions/domain/finance/reconcile.ts';
import type { BatchStatus } from '../../../../functions/domain/finance/sign-off.ts';
import type { PaymentBatch } from '../../../../functions/store/payments.ts';
import { parseYuan } from '../../../../functions/domain/finance/yuan.ts';
import { formatBasisPoints, formatYuan } from '../../format.ts';
import { Tabs } from '../../components.tsx';
import { say, shanghaiYear, t } from '../../i18n.ts';

/** Yuan as typed ("300,000") to fen, or the reason it is not an amount. */
export function toFen(text: string): { fen: number } | { problem: string } {
  if (text.trim() === '') return { problem: t('请填写金额（元）', 'Enter an amount in yuan') };
  const parsed = parseYuan(text);
  if ('problem' in parsed) return { problem: say(parsed.problem) };
  if (parsed.fen < 0) return { problem: t('金额不能为负数', 'The amount cannot be negative') };
  return parsed;
}

export const yearChoices = (): number[] => {
  const year = shanghaiYear();
  return [year + 1, year, year - 1, year - 2];
};

const sections: [string, string, string][] = [
  ['budgets', '预算', 'Budgets'],
  ['rounds', '预算编制', 'Budget rounds'],
  ['batches', '付款批次', 'Payment batches'],
  ['checks', '付款审核', 'Payment audit'],
  ['failed', '发放失败', 'Failed payments'],
  ['recoveries', '多付追回', 'Overpayments'],
  ['report', '发放报表', 'Disbursement report'],
  ['evaluation', '绩效评价', 'Performance evaluation'],
];

/** Every finance page: the section tabs, then the page's own heading and content. */
export function FinancePage(props: { section: string; title: string; children: ComponentChildren }) {
  return (
    <main class="page wide">
      <Tabs label={t('财务', 'Finance')} links={sections.map(([id, zh, en]) => ({ key: id, href: `#/finance/${id}`, text: t(zh, en) }))} current={props.section} />
      <h1>{props.title}</h1>
      {props.children}
    </main>
  );
}

export interface Usage {
  allocatedFen: number;
  reservedFen: number;
  paidFen: number;
  executionRateBp: number;
}

/**
 * Paid and reserved as parts of the allocation. The bar is decoration (aria-hidden): the same
 * numbers are written next to it, so a screen reader or a grey-scale print loses nothing.
 */
export function UsageBar(props: { usage: Usage }) {
  const { allocatedFen, reservedFen, paidFen, executionRateBp } = props.usage;
  const whole = Math.max(allocatedFen, paidFen + reservedFen, 1);
  // Anything above zero shows at least a sliver, so a small start is not mistaken for none.
  const share = (fen: number) => (fen === 0 ? '0' : `max(3px, ${Math.min(100, (fen / whole) * 100)}%)`);
  return (
    <div class="usage">
      <div class="bar" aria-hidden="true">
        <span class="paid" style={{ width: share(paidFen) }} />
        <span class="reserved" style={{ width: share(reservedFen) }} />
      </div>
      <span class="usage-text">
        {t('执行率', 'Execution')} <strong>{formatBasisPoints(executionRateBp)}</strong>
        <span class="muted"> · {t('已付', 'paid')} {formatYuan(paidFen)} · {t('预留', 'reserved')} {formatYuan(reservedFen)}</span>
      </span>
    </div>
  );
}

export function UsageLegend() {
  return (
    <p class="legend muted small" aria-hidden="true">
      <span class="swatch paid" /> {t('已付', 'Paid')} <span class="swatch reserved" /> {t('已预留（审批通过待付）', 'Reserved (approved, not yet paid)')} <span class="swatch track" /> {t('可用', 'Available')}
    </p>
  );
}

const classNames: Record<LineClass, [string, string]> = {
  PAID: ['已付款', 'Paid'],
  FAILED: ['付款失败', 'Failed'],
  CONFLICT: ['与先前结果冲突', 'Contradicts an earlier result'],
  AMOUNT_MISMATCH: ['金额不符', 'Amount differs'],
  UNKNOWN: ['不属本批次', 'Not in this batch'],
  DUPLICATE: ['重复行', 'Duplicate line'],
  MALFORMED: ['无法读取', 'Unreadable line'],
  MISSING: ['回单缺失', 'Missing from the results'],
};

export const className = (lineClass: LineClass): string => t(...classNames[lineClass]);

/** What finance should do about a reconciliation line that is not simply paid. */
export function lineAdvice(lineClass: LineClass): string | undefined {
  switch (lineClass) {
    case 'FAILED':
      return t('已通知职工更正银行卡，更正后会自动生成新的付款指令。', 'The worker is asked to correct the account; a new payment instruction follows automatically.');
    case 'CONFLICT':
      return t('先前的回单已对这笔付款下了结论，本行与之相反，未作任何更改。请向银行核实后在上方“结果冲突”中登记处理。', 'An earlier result file settled this payment the other way; nothing was changed. Check with the bank, then record the outcome under “Conflicting results” above.');
    case 'AMOUNT_MISMATCH':
      return t('未记为已付。请与银行核对金额后重新上传更正的回单。', 'Not marked paid. Check the amount with the bank, then upload a corrected result file.');
    case 'UNKNOWN':
      return t('该指令不在本批次中，请确认上传的回单属于本批次。', 'This instruction is not in this batch: check the file belongs to this batch.');
    case 'DUPLICATE':
      return t('同一指令出现多次，只按第一行处理，无需操作。', 'The instruction appears more than once; only the first line counts. Nothing to do.');
    case 'MALFORMED':
      return t('请修正该行后重新上传；其他行已正常对账。', 'Fix this line and upload the file again; the other lines are reconciled.');
    case 'MISSING':
      return t('回单中没有这笔付款，请向银行查询后上传完整回单。', 'The bank’s file does not mention this payment: ask the bank, then upload the complete file.');
    default:
      return undefined;
  }
}

const batchStatusNames: Record<BatchStatus, [string, string]> = {
  PREPARED: ['已生成，待签批', 'Prepared, awaiting sign-off'],
  REVIEWED: ['已复核，待放行', 'Reviewed, awaiting release'],
  RELEASED: ['已放行，待发送', 'Released, not yet sent'],
  SENT: ['已发送银行', 'Sent to the bank'],
  RECONCILED: ['已对账', 'Reconciled'],
};

export const batchStatusName = (status: BatchStatus): string => t(...batchStatusNames[status]);

/** A batch's status in words, with its failed payments and open conflicts when it has any. */
export function BatchStatusText(props: { batch: Pick<PaymentBatch, 'status' | 'failedCount' | 'openConflicts'> }) {
  const { status, failedCount = 0, openConflicts = 0 } = props.batch;
  return (
    <span class="batch-status">
      <span class={`status batch-${status}`}>{batchStatusName(status)}</span>
      {failedCount > 0 && <span class="status batch-failures">{t(`${failedCount} 笔失败`, `${failedCount} failed`)}</span>}
      {openConflicts > 0 && <span class="status batch-failures">{t(`${openConflicts} 处结果冲突待处理`, `${openConflicts} conflicting result(s) to resolve`)}</span>}
    </span>
  );
}
