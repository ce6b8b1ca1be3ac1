import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { download } from '../../api.ts';
import { Empty, ErrorBox, Field, Loading, ScrollBox } from '../../components.tsx';
import { formatBasisPoints, formatYuan } from '../../format.ts';
import { lang, programName, programNames, shanghaiYear, t } from '../../i18n.ts';
import { UnitName } from '../../org-units.tsx';
import { useGet } from '../../use-get.ts';
import { FinancePage, type Usage, UsageBar, UsageLegend, yearChoices } from './shared.tsx';

interface Line extends Usage {
  program: string;
  orgUnit: string;
  failedFen: number;
}

interface Month {
  month: string;
  paidFen: number;
  failedFen: number;
  paidCount: number;
  failedCount: number;
}

interface Report {
  year: number;
  lines: Line[];
  byProgram: (Usage & { program: string; failedFen: number })[];
  byOrgUnit: (Usage & { orgUnit: string; failedFen: number })[];
  byMonth: Month[];
  total: Usage & { failedFen: number };
}

/** Each group's execution as a bar with its figures written beside it. */
function UsageChart(props: { id: string; title: string; rows: { key: string; label: ComponentChildren; usage: Usage; failedFen: number }[]; download: ComponentChildren }) {
  return (
    <figure class="chart" aria-labelledby={props.id}>
      <figcaption class="chart-head"><h2 id={props.id}>{props.title}</h2>{props.download}</figcaption>
      <ul class="chart-rows">
        {props.rows.map((row) => (
          <li key={row.key}>
            <span class="chart-label">{row.label}</span>
            <UsageBar usage={row.usage} />
            <span class="muted small">{t('分配', 'allocated')} {formatYuan(row.usage.allocatedFen)}{row.failedFen > 0 ? ` · ${t('失败', 'failed')} ${formatYuan(row.failedFen)}` : ''}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

const CHART_HEIGHT = 160;

/** A month's short name in the reader's language: 11月, Nov. */
const monthName = (month: number): string => new Intl.DateTimeFormat(lang.value === 'en' ? 'en-GB' : 'zh-CN', { month: 'short', timeZone: 'UTC' }).format(Date.UTC(2000, month - 1, 1));

/**
 * Paid and failed per month as columns, January to December. The picture is decoration for
 * sighted readers; the table under it carries the same figures for everyone.
 */
function MonthChart(props: { year: number; months: Month[]; download: ComponentChildren }) {
  const byMonth = new Map(props.months.map((month) => [month.month, month]));
  const columns = Array.from({ length: 12 }, (_, index) => ({ number: index + 1, month: byMonth.get(`${props.year}-${String(index + 1).padStart(2, '0')}`) }));
  const top = Math.max(1, ...props.months.map((month) => Math.max(month.paidFen, month.failedFen)));
  const slot = 64;
  const height = (fen: number) => (fen === 0 ? 0 : Math.max(2, Math.round((fen / top) * CHART_HEIGHT)));
  return (
    <figure class="chart" aria-labelledby="by-month">
      <figcaption class="chart-head"><h2 id="by-month">{t('按月发放', 'Paid by month')}</h2>{props.download}</figcaption>
      <p class="legend muted small" aria-hidden="true"><span class="swatch paid" /> {t('已付', 'Paid')} <span class="swatch failed" /> {t('失败', 'Failed')}</p>
      <svg class="columns" aria-hidden="true" viewBox={`0 0 ${12 * slot} ${CHART_HEIGHT + 24}`} width={12 * slot} height={CHART_HEIGHT + 24}>
        <line class="axis" x1={0} x2={12 * slot} y1={CHART_HEIGHT + 0.5} y2={CHART_HEIGHT + 0.5} />
        {columns.map(({ number, month }) => (
          <g key={number} transform={`translate(${(number - 1) * slot + 9}, 0)`}>
            <rect class="paid" x={0} y={CHART_HEIGHT - height(month?.paidFen ?? 0)} width={22} height={height(month?.paidFen ?? 0)} />
            <rect class="failed" x={24} y={CHART_HEIGHT - height(month?.failedFen ?? 0)} width={22} height={height(month?.failedFen ?? 0)} />
            <text x={23} y={CHART_HEIGHT + 18} text-anchor="middle">{monthName(number)}</text>
          </g>
        ))}
      </svg>
      <ScrollBox label={t('按月发放明细', 'Paid and failed by month')}>
        <table class="data">
          <caption class="visually-hidden">{t('按月发放明细', 'Paid and failed by month')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('月份', 'Month')}</th>
              <th scope="col" class="num">{t('已付', 'Paid')}</th>
              <th scope="col" class="num">{t('笔数', 'Count')}</th>
              <th scope="col" class="num">{t('失败', 'Failed')}</th>
              <th scope="col" class="num">{t('笔数', 'Count')}</th>
            </tr>
          </thead>
          <tbody>
            {props.months.map((month) => (
              <tr key={month.month}>
                <th scope="row">{month.month}</th>
                <td class="num">{formatYuan(month.paidFen)}</td>
                <td class="num">{month.paidCount}</td>
                <td class="num">{formatYuan(month.failedFen)}</td>
                <td class="num">{month.failedCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </figure>
  );
}

export function Report() {
  const [year, setYear] = useState(shanghaiYear());
  const [program, setProgram] = useState('');
  const [downloadError, setDownloadError] = useState<string>();
  const query = `year=${year}${program ? `&program=${program}` : ''}`;
  const { data: report, error } = useGet<Report>(`/reports/disbursements?${query}`);

  const csv = (by: 'line' | 'program' | 'orgUnit' | 'month') => {
    setDownloadError(undefined);
    download(`/reports/disbursements?${query}&format=csv&by=${by}`, `disbursements-${year}${program ? `-${program}` : ''}${by === 'line' ? '' : `-by-${by}`}.csv`).catch((e: Error) =>
      setDownloadError(t(`下载失败：${e.message}。请重试。`, `Download failed: ${e.message}. Try again.`)),
    );
  };
  const payments = () => {
    setDownloadError(undefined);
    download(`/reports/payments?${query}&format=csv`, `payments-${year}${program ? `-${program}` : ''}.csv`).catch((e: Error) => setDownloadError(t(`下载失败：${e.message}。请重试。`, `Download failed: ${e.message}. Try again.`)));
  };
  const csvButton = (by: 'program' | 'orgUnit' | 'month', what: string) => (
    <button class="link" onClick={() => csv(by)}>
      {t('下载 CSV', 'Download CSV')}
      <span class="visually-hidden">：{what}</span>
    </button>
  );

  return (
    <FinancePage section="report" title={t('发放报表', 'Disbursement report')}>
      <div class="toolbar">
        <Field id="report-year" label={t('年度', 'Year')}>
          <select id="report-year" value={year} onChange={(e) => setYear(Number((e.currentTarget as HTMLSelectElement).value))}>
            {yearChoices().map((choice) => <option key={choice} value={choice}>{choice}</option>)}
          </select>
        </Field>
        <Field id="report-program" label={t('项目', 'Program')}>
          <select id="report-program" value={program} onChange={(e) => setProgram((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('全部项目', 'All programs')}</option>
            {Object.keys(programNames).map((key) => <option key={key} value={key}>{programName(key)}</option>)}
          </select>
        </Field>
        <button class="secondary" onClick={() => csv('line')}>{t('下载汇总 CSV', 'Download the summary (CSV)')}</button>
        <button class="secondary" onClick={payments}>{t('下载逐笔明细 CSV', 'Download every payment (CSV)')}</button>
      </div>
      <ErrorBox message={downloadError} />
      <ErrorBox message={error && t(`无法生成报表：${error}。请稍后刷新重试。`, `Could not build the report: ${error}. Refresh to try again.`)} />
      {!report && !error && <Loading />}
      {report && report.lines.length === 0 && report.byMonth.length === 0 && <Empty>{t(`${year} 年没有预算和发放记录。`, `No budgets or payments in ${year}.`)}</Empty>}
      {report && (report.lines.length > 0 || report.byMonth.length > 0) && (
        <>
          <dl class="figures">
            <div><dt>{t('分配', 'Allocated')}</dt><dd>{formatYuan(report.total.allocatedFen)}</dd></div>
            <div><dt>{t('预留', 'Reserved')}</dt><dd>{formatYuan(report.total.reservedFen)}</dd></div>
            <div><dt>{t('已付', 'Paid')}</dt><dd><strong>{formatYuan(report.total.paidFen)}</strong></dd></div>
            <div><dt>{t('失败', 'Failed')}</dt><dd>{formatYuan(report.total.failedFen)}</dd></div>
            <div><dt>{t('执行率', 'Execution rate')}</dt><dd><strong>{formatBasisPoints(report.total.executionRateBp)}</strong></dd></div>
          </dl>
          <UsageLegend />
          <div class="chart-grid">
            <UsageChart id="by-program" title={t('按项目', 'By program')} rows={report.byProgram.map((row) => ({ key: row.program, label: programName(row.program), usage: row, failedFen: row.failedFen }))} download={csvButton('program', t('按项目', 'by program'))} />
            <UsageChart id="by-org-unit" title={t('按组织', 'By org unit')} rows={report.byOrgUnit.map((row) => ({ key: row.orgUnit, label: <UnitName id={row.orgUnit} />, usage: row, failedFen: row.failedFen }))} download={csvButton('orgUnit', t('按组织', 'by org unit'))} />
          </div>
          {report.byMonth.length > 0 ? <MonthChart year={report.year} months={report.byMonth} download={csvButton('month', t('按月', 'by month'))} /> : <Empty>{t('本年度还没有银行付款结果。', 'No bank results this year yet.')}</Empty>}
        </>
      )}
    </FinancePage>
  );
}
