import { useState } from 'preact/hooks';
import { api, ApiError, download } from '../../api.ts';
import { Empty, ErrorBox, Field, Loading, ScrollBox } from '../../components.tsx';
import { formatBasisPoints, formatYuan } from '../../format.ts';
import { programName, programNames, shanghaiYear, t, when } from '../../i18n.ts';
import { OrgUnitSelect, UnitName } from '../../org-units.tsx';
import { useGet } from '../../use-get.ts';
import { FinancePage, yearChoices } from './shared.tsx';

interface Targets {
  workersHelped: number;
  averageFen: number;
  daysToPay: number;
}

export interface ProgramEvaluation {
  program: string;
  applications: number;
  workersHelped: number;
  householdsOnFileHelped: number;
  paidCount: number;
  paidFen: number;
  averageFen: number | null;
  medianFen: number | null;
  daysToPay: { median: number | null; p90: number | null };
  refused: { count: number; shareBp: number; reasons: { code: string; name: string; count: number }[] };
  appeals: { count: number; granted: number; refused: number; pending: number };
  recoveries: { count: number; amountFen: number; recoveredFen: number; writtenOffFen: number };
  callBacks: { sampled: number; recorded: number; received: number; notReceived: number; wrongAmount: number; notReachable: number; verifiedShareBp: number; openCases: number };
  targets: Targets | null;
  attainment: { workersHelpedBp: number; averageBp: number; daysToPayBp: number } | null;
}

const BAR_WIDTH = 320;

/**
 * Actual beside target for each measure, as plain SVG bars scaled to the larger of the two. The
 * picture is decoration (aria-hidden): the figures are written beside it.
 */
function TargetChart(props: { rows: { label: string; actual: number | null; target: number | null; show: (value: number) => string }[] }) {
  return (
    <ul class="chart-rows">
      {props.rows.map((row) => {
        const top = Math.max(1, row.actual ?? 0, row.target ?? 0);
        const width = (value: number | null) => (value ? Math.max(2, Math.round((value / top) * BAR_WIDTH)) : 0);
        return (
          <li key={row.label}>
            <span class="chart-label">{row.label}</span>
            <svg aria-hidden="true" width={BAR_WIDTH} height={30} viewBox={`0 0 ${BAR_WIDTH} 30`} class="target-bars">
              <rect class="paid" x={0} y={2} height={12} width={width(row.actual)} />
              <rect class="target" x={0} y={16} height={12} width={width(row.target)} />
            </svg>
            <span class="small">{t('实际', 'actual')} <strong>{row.actual === null ? '—' : row.show(row.actual)}</strong> · {t('目标', 'target')} {row.target === null ? t('未设定', 'not set') : row.show(row.target)}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** Counts as horizontal bars (refusal reasons, call-back results), with each count written. */
function CountChart(props: { rows: { label: string; count: number }[]; empty: string }) {
  if (props.rows.every((row) => row.count === 0)) return <p class="muted small">{props.empty}</p>;
  const top = Math.max(1, ...props.rows.map((row) => row.count));
  return (
    <ul class="chart-rows">
      {props.rows.map((row) => (
        <li key={row.label}>
          <span class="chart-label">{row.label}</span>
          <svg aria-hidden="true" width={BAR_WIDTH} height={16} viewBox={`0 0 ${BAR_WIDTH} 16`}>
            <rect class="reserved" x={0} y={2} height={12} width={row.count ? Math.max(2, Math.round((row.count / top) * BAR_WIDTH)) : 0} />
          </svg>
          <span class="small">{row.count}</span>
        </li>
      ))}
    </ul>
  );
}

const days = (value: number) => t(`${value} 天`, `${value} days`);
const people = (value: number) => t(`${value} 人`, `${value}`);

/** One program's evaluation: the figures, then the charts. */
export function ProgramCard(props: { item: ProgramEvaluation }) {
  const { item } = props;
  const id = `eval-${item.program}`;
  return (
    <section class="card evaluation" aria-labelledby={id}>
      <h2 id={id}>{programName(item.program)}</h2>
      <dl class="figures">
        <div><dt>{t('受助职工', 'Workers helped')}</dt><dd><strong>{item.workersHelped}</strong></dd></div>
        <div><dt>{t('其中建档家庭', 'Of them, filed households')}</dt><dd>{item.householdsOnFileHelped}</dd></div>
        <div><dt>{t('已付金额', 'Paid')}</dt><dd>{formatYuan(item.paidFen)}<span class="muted small block">{t(`${item.paidCount} 笔`, `${item.paidCount} payments`)}</span></dd></div>
        <div><dt>{t('平均 / 中位数', 'Average / median')}</dt><dd>{item.averageFen === null ? '—' : formatYuan(item.averageFen)} / {item.medianFen === null ? '—' : formatYuan(item.medianFen)}</dd></div>
        <div><dt>{t('申请到付款（中位数 / 90%）', 'Days to pay (median / 90th pct.)')}</dt><dd>{item.daysToPay.median ?? '—'} / {item.daysToPay.p90 ?? '—'}</dd></div>
        <div><dt>{t('未通过', 'Refused')}</dt><dd>{item.refused.count}<span class="muted small block">{formatBasisPoints(item.refused.shareBp)}</span></dd></div>
        <div><dt>{t('申诉（获批 / 驳回 / 待定）', 'Appeals (granted / refused / pending)')}</dt><dd>{item.appeals.count}<span class="muted small block">{item.appeals.granted} / {item.appeals.refused} / {item.appeals.pending}</span></dd></div>
        <div><dt>{t('多付追回', 'Overpayments')}</dt><dd>{formatYuan(item.recoveries.amountFen)}<span class="muted small block">{t('已追回', 'recovered')} {formatYuan(item.recoveries.recoveredFen)}</span></dd></div>
        <div><dt>{t('回访核实率', 'Verified by call-back')}</dt><dd>{formatBasisPoints(item.callBacks.verifiedShareBp)}<span class="muted small block">{t(`抽样 ${item.callBacks.sampled}，未结案件 ${item.callBacks.openCases}`, `${item.callBacks.sampled} sampled, ${item.callBacks.openCases} open case(s)`)}</span></dd></div>
      </dl>
      <div class="chart-grid">
        <figure class="chart">
          <figcaption><h3>{t('对照二上绩效目标', 'Against the targets')}</h3></figcaption>
          <p class="legend muted small" aria-hidden="true"><span class="swatch paid" /> {t('实际', 'Actual')} <span class="swatch target" /> {t('目标', 'Target')}</p>
          <TargetChart
            rows={[
              { label: t('受助职工', 'Workers helped'), actual: item.workersHelped, target: item.targets?.workersHelped ?? null, show: people },
              { label: t('平均金额', 'Average amount'), actual: item.averageFen, target: item.targets?.averageFen ?? null, show: formatYuan },
              { label: t('支付天数（中位数）', 'Days to pay (median)'), actual: item.daysToPay.median, target: item.targets?.daysToPay ?? null, show: days },
            ]}
          />
        </figure>
        <figure class="chart">
          <figcaption><h3>{t('未通过原因', 'Why refused')}</h3></figcaption>
          <CountChart rows={item.refused.reasons.map((reason) => ({ label: reason.name, count: reason.count }))} empty={t('没有未通过的申请。', 'No application was refused.')} />
        </figure>
        <figure class="chart">
          <figcaption><h3>{t('回访结果', 'Call-back results')}</h3></figcaption>
          <CountChart
            rows={[
              { label: t('已收到', 'Received'), count: item.callBacks.received },
              { label: t('未收到', 'Not received'), count: item.callBacks.notReceived },
              { label: t('金额不符', 'Wrong amount'), count: item.callBacks.wrongAmount },
              { label: t('联系不上', 'Not reachable'), count: item.callBacks.notReachable },
              { label: t('待回访', 'Not yet called'), count: item.callBacks.sampled - item.callBacks.recorded },
            ]}
            empty={t('尚未抽取回访样本。', 'No call-back sample drawn yet.')}
          />
        </figure>
      </div>
    </section>
  );
}

interface Sample {
  sampleId: string;
  program?: string;
  orgUnit?: string;
  size: number;
  drawnAt: string;
  drawnBy: { name: string };
  recorded: number;
  received: number;
}

interface OpenCase {
  applicationId: string;
  seq: number;
  program: string;
  orgUnit: string;
  openedAt: string;
  openedBy: { name: string };
  note: string;
}

/** A case finance closes with what was found. */
function CaseCard(props: { item: OpenCase; onClosed: () => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const id = `close-${props.item.applicationId}-${props.item.seq}`;
  async function close(event: Event) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', `/applications/${props.item.applicationId}/cases/${props.item.seq}/close`, { note: note.trim() });
      props.onClosed();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.fields[0]?.message ?? caught.message);
    }
  }
  return (
    <li class="card">
      <p><a class="reference" href={`#/applications/${props.item.applicationId}`}>{props.item.applicationId}</a> · {programName(props.item.program)} · <UnitName id={props.item.orgUnit} /></p>
      <p class="small">{t('职工表示未收到款项', 'The worker says the money did not arrive')} · {props.item.openedBy.name} · {when(props.item.openedAt)}{props.item.note ? ` · “${props.item.note}”` : ''}</p>
      <form onSubmit={close} noValidate>
        <Field id={id} label={t('核查结果', 'What was found')} error={error}>
          <input id={id} value={note} onInput={(e) => setNote((e.currentTarget as HTMLInputElement).value)} />
        </Field>
        <button type="submit" class="secondary">{t('结案', 'Close the case')}</button>
      </form>
    </li>
  );
}

/** Call-back verification from finance's side: draw a sample, see how far officials have got, close cases. */
function CallBacks(props: { year: number; program: string; orgUnit: string; onChanged: () => void }) {
  const samples = useGet<{ items: Sample[] }>(`/call-back-samples?year=${props.year}`);
  const cases = useGet<{ items: OpenCase[] }>('/cases');
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  async function draw() {
    setError(undefined);
    setNotice(undefined);
    try {
      const drawn = await api<{ size: number }>('POST', '/call-back-samples', { year: props.year, ...(props.program ? { program: props.program } : {}), ...(props.orgUnit ? { orgUnit: props.orgUnit } : {}) });
      setNotice(t(`已随机抽取 ${drawn.size} 份已付款申请，请相关工会干部回访。`, `${drawn.size} paid application(s) drawn at random; the officials concerned call the workers.`));
      samples.reload();
      props.onChanged();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.message);
    }
  }
  return (
    <section aria-labelledby="call-backs">
      <h2 id="call-backs">{t('回访核查', 'Call-back verification')}</h2>
      <p class="muted">{t('从本年度已付款的申请中随机抽样，由职工所在工会的干部电话回访，确认款项是否收到；“未收到”会在该申请上立案。', 'A random sample of this year’s paid applications; officials of the worker’s union call to confirm the money arrived. “Not received” opens a case on the application.')}</p>
      <button class="secondary" onClick={draw}>{t('随机抽取回访样本', 'Draw a call-back sample')}</button>
      {notice && <p class="notice" role="status">{notice}</p>}
      <ErrorBox message={error} />
      {samples.data && samples.data.items.length > 0 && (
        <ScrollBox label={t('回访样本', 'Call-back samples')}>
          <table class="data">
            <caption class="visually-hidden">{t('回访样本', 'Call-back samples')}</caption>
            <thead><tr><th scope="col">{t('抽样', 'Drawn')}</th><th scope="col">{t('范围', 'Scope')}</th><th scope="col" class="num">{t('份数', 'Size')}</th><th scope="col" class="num">{t('已回访', 'Called')}</th><th scope="col" class="num">{t('确认收到', 'Received')}</th></tr></thead>
            <tbody>
              {samples.data.items.map((sample) => (
                <tr key={sample.sampleId}>
                  <th scope="row">{when(sample.drawnAt)} · {sample.drawnBy.name}</th>
                  <td>{sample.program ? programName(sample.program) : t('全部项目', 'All programs')} · {sample.orgUnit ? <UnitName id={sample.orgUnit} /> : t('全部组织', 'every unit')}</td>
                  <td class="num">{sample.size}</td>
                  <td class="num">{sample.recorded}</td>
                  <td class="num">{sample.received}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      <h3>{t('未结案件', 'Open cases')}</h3>
      {cases.data?.items.length === 0 && <Empty>{t('没有未结案件。', 'No open case.')}</Empty>}
      <ul class="cards">{cases.data?.items.map((item) => <CaseCard key={`${item.applicationId}-${item.seq}`} item={item} onClosed={() => { cases.reload(); props.onChanged(); }} />)}</ul>
    </section>
  );
}

const query = (year: number, program: string, orgUnit: string) => `year=${year}${program ? `&program=${program}` : ''}${orgUnit ? `&orgUnit=${encodeURIComponent(orgUnit)}` : ''}`;

/** The printable report: the same figures and charts on plain pages, and a button that prints. */
export function EvaluationPrint(props: { year: number; program: string; orgUnit: string }) {
  const { data, error } = useGet<{ items: ProgramEvaluation[] }>(`/reports/evaluation?${query(props.year, props.program, props.orgUnit)}`);
  return (
    <main class="page wide print">
      <p class="no-print"><a href="#/finance/evaluation">{t('返回绩效评价', 'Back to the evaluation')}</a> <button onClick={() => print()}>{t('打印', 'Print')}</button></p>
      <h1>{t(`${props.year} 年度绩效评价报告`, `Performance evaluation, ${props.year}`)}</h1>
      <p>{props.orgUnit ? <UnitName id={props.orgUnit} /> : t('全部组织', 'Every unit')} · {t('生成于 ', 'Made ')}{when(new Date().toISOString())}</p>
      <ErrorBox message={error} />
      {!data && !error && <Loading />}
      {data?.items.map((item) => <ProgramCard key={item.program} item={item} />)}
    </main>
  );
}

export function Evaluation() {
  const [year, setYear] = useState(shanghaiYear());
  const [program, setProgram] = useState('');
  const [orgUnit, setOrgUnit] = useState('');
  const report = useGet<{ items: ProgramEvaluation[] }>(`/reports/evaluation?${query(year, program, orgUnit)}`);
  const [downloadError, setDownloadError] = useState<string>();
  const csv = () => {
    setDownloadError(undefined);
    download(`/reports/evaluation?${query(year, program, orgUnit)}&format=csv`, `evaluation-${year}${program ? `-${program}` : ''}.csv`).catch((e: Error) => setDownloadError(t(`下载失败：${e.message}。请重试。`, `Download failed: ${e.message}. Try again.`)));
  };
  return (
    <FinancePage section="evaluation" title={t('绩效评价', 'Performance evaluation')}>
      <div class="toolbar">
        <Field id="eval-year" label={t('年度', 'Year')}>
          <select id="eval-year" value={year} onChange={(e) => setYear(Number((e.currentTarget as HTMLSelectElement).value))}>
            {yearChoices().map((choice) => <option key={choice} value={choice}>{choice}</option>)}
          </select>
        </Field>
        <Field id="eval-program" label={t('项目', 'Program')}>
          <select id="eval-program" value={program} onChange={(e) => setProgram((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('全部项目', 'All programs')}</option>
            {Object.keys(programNames).map((key) => <option key={key} value={key}>{programName(key)}</option>)}
          </select>
        </Field>
        <OrgUnitSelect id="eval-unit" label={t('组织', 'Org unit')} value={orgUnit} onChange={setOrgUnit} anyLabel={t('全部组织', 'Every unit')} />
        <button class="secondary" onClick={csv}>{t('下载 CSV', 'Download CSV')}</button>
        <a class="button secondary" href={`#/finance/evaluation/print/${year}/${program || 'all'}/${encodeURIComponent(orgUnit || 'all')}`}>{t('打印版', 'Printable page')}</a>
      </div>
      <ErrorBox message={downloadError} />
      <ErrorBox message={report.error && t(`无法生成绩效评价：${report.error}`, `Could not build the evaluation: ${report.error}`)} />
      {!report.data && !report.error && <Loading />}
      {report.data?.items.map((item) => <ProgramCard key={item.program} item={item} />)}
      <CallBacks year={year} program={program} orgUnit={orgUnit} onChanged={report.reload} />
    </FinancePage>
  );
}
