import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { roundSteps, stepNames, type PerformanceTargets, type RoundStep, type StepRecord, type YearDemand } from '../../../../functions/domain/finance/budget-rounds.ts';
import { fenToYuanString } from '../../../../functions/domain/finance/yuan.ts';
import { typedWholeNumber } from '../../../../functions/shared/typed-number.ts';
import { api, ApiError, download, session } from '../../api.ts';
import { Empty, ErrorBox, Field, Loading, ScrollBox } from '../../components.tsx';
import { formatBasisPoints, formatYuan } from '../../format.ts';
import { day, programName, programNames, say, shanghaiToday, shanghaiYear, t, when } from '../../i18n.ts';
import { UnitName, useOrgUnits } from '../../org-units.tsx';
import { useGet } from '../../use-get.ts';
import { toFen } from '../finance/shared.tsx';

interface Figures {
  proposedFen: number | null;
  controlFen: number | null;
  detailedFen: number | null;
  approvedFen: number | null;
  lastYearActualFen: number;
  lastYearExecutionRateBp: number;
}

export interface RoundView {
  year: number;
  program: string;
  orgUnit: string;
  deadlines: Record<RoundStep, string>;
  steps: Partial<Record<RoundStep, StepRecord>>;
  figures: Figures;
  targets: PerformanceTargets | null;
  next: { step: RoundStep; name: string; owner: 'official' | 'finance'; deadline: string; overdue: boolean; mine: boolean } | null;
}

interface TrailEvent {
  seq: number;
  at: string;
  actionName: string;
  actor: { name: string };
  reason?: string;
}

/** Where the budget-round pages live in each console. */
export interface RoundLinks {
  list: string;
  round: (round: Pick<RoundView, 'year' | 'program' | 'orgUnit'>) => string;
}

const money = (fen: number | null) => (fen === null ? '—' : formatYuan(fen));

/** What the round waits for, in words, with its deadline (and overdue when past it). */
function Waiting(props: { round: RoundView }) {
  const { next } = props.round;
  if (!next) return <span class="status status-PAID">{t('已批复', 'Approved')}</span>;
  return (
    <span>
      {next.name}
      <span class="muted small block">
        {next.owner === 'official' ? t('由本单位办理', 'by the unit') : t('由上级财务办理', 'by finance above')} · {t('截止', 'due')} {day(next.deadline)}
        {next.overdue && <strong class="badge"> {t('已逾期', 'overdue')}</strong>}
      </span>
    </span>
  );
}

/** The year's rounds with their figures side by side, each linking to its page; CSV for Excel. */
export function RoundsTable(props: { links: RoundLinks; heading: ComponentChildren }) {
  const [year, setYear] = useState(shanghaiYear() + 1);
  const { data, error } = useGet<{ items: RoundView[] }>(`/budget-rounds?year=${year}`);
  const [downloadError, setDownloadError] = useState<string>();
  const csv = () => {
    setDownloadError(undefined);
    download(`/budget-rounds?year=${year}&format=csv`, `budget-rounds-${year}.csv`).catch((e: Error) => setDownloadError(t(`下载失败：${e.message}。请重试。`, `Download failed: ${e.message}. Try again.`)));
  };
  return (
    <section aria-labelledby="rounds-heading">
      <div class="toolbar">
        <h2 id="rounds-heading">{props.heading}</h2>
        <Field id="rounds-year" label={t('预算年度', 'Budget year')}>
          <select id="rounds-year" value={year} onChange={(e) => setYear(Number((e.currentTarget as HTMLSelectElement).value))}>
            {[shanghaiYear() + 1, shanghaiYear(), shanghaiYear() - 1].map((choice) => <option key={choice} value={choice}>{choice}</option>)}
          </select>
        </Field>
        <button class="secondary" onClick={csv}>{t('下载 CSV', 'Download CSV')}</button>
      </div>
      <ErrorBox message={downloadError} />
      <ErrorBox message={error && t(`无法读取预算编制：${error}`, `Could not load the budget rounds: ${error}`)} />
      {!data && !error && <Loading />}
      {data?.items.length === 0 && <Empty>{t(`${year} 年度的预算编制尚未开始。`, `No budget round for ${year} has started.`)}</Empty>}
      {data && data.items.length > 0 && (
        <ScrollBox label={t('预算编制表（可横向滚动）', 'Budget rounds (scrolls sideways)')}>
          <table class="data">
            <caption class="visually-hidden">{t(`${year} 年度二上二下预算`, `Budget rounds of ${year}`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('项目 · 组织', 'Program · unit')}</th>
                <th scope="col" class="num">{t('一上建议数', 'Proposed')}</th>
                <th scope="col" class="num">{t('一下控制数', 'Control')}</th>
                <th scope="col" class="num">{t('二上细化数', 'Detailed')}</th>
                <th scope="col" class="num">{t('二下批复数', 'Approved')}</th>
                <th scope="col" class="num">{t('上年实际', 'Last year’s actual')}</th>
                <th scope="col">{t('当前环节', 'Waiting for')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((round) => (
                <tr key={`${round.program}|${round.orgUnit}`}>
                  <th scope="row"><a href={props.links.round(round)}>{programName(round.program)} · <UnitName id={round.orgUnit} /></a></th>
                  <td class="num">{money(round.figures.proposedFen)}</td>
                  <td class="num">{money(round.figures.controlFen)}</td>
                  <td class="num">{money(round.figures.detailedFen)}</td>
                  <td class="num"><strong>{money(round.figures.approvedFen)}</strong></td>
                  <td class="num">{formatYuan(round.figures.lastYearActualFen)}<span class="muted small block">{t('执行率', 'execution')} {formatBasisPoints(round.figures.lastYearExecutionRateBp)}</span></td>
                  <td><Waiting round={round} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </section>
  );
}

/** Finance of the unit above opens a year's rounds of a program for units below it, with each step's deadline. */
export function OpenRoundsForm(props: { onOpened: () => void }) {
  const units = useOrgUnits();
  const me = session.user();
  const [program, setProgram] = useState('autumn-aid');
  const [year, setYear] = useState(shanghaiYear() + 1);
  const [chosen, setChosen] = useState<string[]>([]);
  const [deadlines, setDeadlines] = useState<Record<RoundStep, string>>({ proposal: shanghaiToday(14), control: shanghaiToday(28), detailed: shanghaiToday(42), approval: shanghaiToday(56) });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const below = (units ?? []).filter((unit) => unit.id !== me?.orgUnit && unit.level >= 2);
  async function open(event: Event) {
    event.preventDefault();
    setError(undefined);
    setErrors({});
    if (chosen.length === 0) {
      setErrors({ orgUnits: t('请至少选择一个组织', 'Choose at least one org unit') });
      return;
    }
    try {
      await api('POST', '/budget-rounds', { year, program, orgUnits: chosen, deadlines });
      props.onOpened();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.message);
      setErrors(caught.byPath());
    }
  }
  return (
    <form class="card" onSubmit={open} noValidate aria-labelledby="open-rounds">
      <h2 id="open-rounds">{t('开始二上二下预算编制', 'Open budget rounds (two up, two down)')}</h2>
      <ErrorBox message={error} />
      <div class="form-row">
        <Field id="open-program" label={t('项目', 'Program')}>
          <select id="open-program" value={program} onChange={(e) => setProgram((e.currentTarget as HTMLSelectElement).value)}>
            {Object.keys(programNames).map((key) => <option key={key} value={key}>{programName(key)}</option>)}
          </select>
        </Field>
        <Field id="open-year" label={t('预算年度', 'Budget year')}>
          <select id="open-year" value={year} onChange={(e) => setYear(Number((e.currentTarget as HTMLSelectElement).value))}>
            {[shanghaiYear() + 1, shanghaiYear()].map((choice) => <option key={choice} value={choice}>{choice}</option>)}
          </select>
        </Field>
      </div>
      <fieldset>
        <legend>{t('编制单位', 'Units that budget')}</legend>
        {errors.orgUnits && <p class="error" role="alert">{errors.orgUnits}</p>}
        {below.map((unit) => (
          <label class="choice" key={unit.id}>
            <input type="checkbox" checked={chosen.includes(unit.id)} onChange={(e) => setChosen((e.currentTarget as HTMLInputElement).checked ? [...chosen, unit.id] : chosen.filter((id) => id !== unit.id))} />
            <span>{unit.name}</span>
          </label>
        ))}
      </fieldset>
      <div class="form-row">
        {roundSteps.map((step) => (
          <Field key={step} id={`deadline-${step}`} label={t(`${stepNames[step].zh} 截止`, `${stepNames[step].en}: due`)} error={errors[`deadlines.${step}`]}>
            <input id={`deadline-${step}`} type="date" value={deadlines[step]} onInput={(e) => setDeadlines({ ...deadlines, [step]: (e.currentTarget as HTMLInputElement).value })} />
          </Field>
        ))}
      </div>
      <div class="actions"><button type="submit">{t('开始编制', 'Open the rounds')}</button></div>
    </form>
  );
}

/** The form of the step the caller holds: the figure in yuan, the comment (need, reason), and 二上's targets. */
function StepForm(props: { round: RoundView; step: RoundStep; onRecorded: () => void }) {
  const { round, step } = props;
  const suggested = step === 'detailed' ? round.figures.controlFen : step === 'approval' ? round.figures.detailedFen : null;
  const [amount, setAmount] = useState(suggested === null ? '' : fenToYuanString(suggested));
  const [comment, setComment] = useState('');
  const [workers, setWorkers] = useState('');
  const [average, setAverage] = useState('');
  const [days, setDays] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const commentLabel = { proposal: t('需求说明（依据与测算）', 'The need (grounds and estimate)'), control: t('下达理由', 'Reason for the control figure'), detailed: t('说明（可选）', 'Comment (optional)'), approval: t('批复意见', 'Approval comment') }[step];
  const amountLabel = { proposal: t('建议数（元）', 'Proposed (yuan)'), control: t('控制数（元）', 'Control figure (yuan)'), detailed: t('细化预算（元）', 'Detailed budget (yuan)'), approval: t('批复数（元）', 'Approved (yuan)') }[step];

  async function record(event: Event) {
    event.preventDefault();
    const found: Record<string, string> = {};
    const fen = toFen(amount);
    if ('problem' in fen) found.amountFen = fen.problem;
    let targets: PerformanceTargets | undefined;
    if (step === 'detailed') {
      const w = typedWholeNumber(workers);
      const a = toFen(average);
      const d = typedWholeNumber(days);
      if (w === undefined || w < 1) found['targets.workersHelped'] = t('请填写受助职工人数', 'Give the number of workers');
      if ('problem' in a) found['targets.averageFen'] = a.problem;
      if (d === undefined || d < 1) found['targets.daysToPay'] = t('请填写天数', 'Give the number of days');
      if (w !== undefined && 'fen' in a && d !== undefined) targets = { workersHelped: w, averageFen: a.fen, daysToPay: d };
    }
    setErrors(found);
    setError(undefined);
    if (Object.keys(found).length || 'problem' in fen) return;
    try {
      await api('POST', `/budget-rounds/${round.year}/${round.program}/${encodeURIComponent(round.orgUnit)}/${step}`, { amountFen: fen.fen, comment: comment.trim(), ...(targets ? { targets } : {}) });
      props.onRecorded();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.message);
      setErrors(caught.byPath());
    }
  }
  return (
    <form class="card" onSubmit={record} noValidate aria-labelledby="step-form">
      <h2 id="step-form">{say(stepNames[step])}</h2>
      <p class="muted small">{t(`截止 ${day(round.deadlines[step])}`, `Due ${day(round.deadlines[step])}`)}{step === 'detailed' && round.figures.controlFen !== null ? t(`；不超过控制数 ${formatYuan(round.figures.controlFen)}`, `; within the control figure, ${formatYuan(round.figures.controlFen)}`) : ''}</p>
      <ErrorBox message={error} />
      <Field id="step-amount" label={amountLabel} error={errors.amountFen}>
        <input id="step-amount" inputMode="decimal" value={amount} onInput={(e) => setAmount((e.currentTarget as HTMLInputElement).value)} />
      </Field>
      {step === 'detailed' && (
        <fieldset>
          <legend>{t('绩效目标', 'Performance targets')}</legend>
          <div class="form-row">
            <Field id="target-workers" label={t('受助职工（人）', 'Workers helped')} error={errors['targets.workersHelped']}>
              <input id="target-workers" inputMode="numeric" value={workers} onInput={(e) => setWorkers((e.currentTarget as HTMLInputElement).value)} />
            </Field>
            <Field id="target-average" label={t('人均金额（元）', 'Average amount (yuan)')} error={errors['targets.averageFen']}>
              <input id="target-average" inputMode="decimal" value={average} onInput={(e) => setAverage((e.currentTarget as HTMLInputElement).value)} />
            </Field>
            <Field id="target-days" label={t('申请到付款（天）', 'Days from application to payment')} error={errors['targets.daysToPay']}>
              <input id="target-days" inputMode="numeric" value={days} onInput={(e) => setDays((e.currentTarget as HTMLInputElement).value)} />
            </Field>
          </div>
        </fieldset>
      )}
      <Field id="step-comment" label={commentLabel} error={errors.comment}>
        <textarea id="step-comment" rows={3} value={comment} onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)} />
      </Field>
      <div class="actions"><button type="submit">{t('提交', 'Submit')}</button></div>
    </form>
  );
}

/** One round: the figures side by side, the unit's demand of the last years, each step as recorded, the form of the caller's step, the audit trail. */
export function RoundPage(props: { year: number; program: string; orgUnit: string; links: RoundLinks }) {
  const { data: round, error, reload } = useGet<RoundView & { demand: { years: YearDemand[]; householdsOnFile: number }; trail: TrailEvent[] }>(`/budget-rounds/${props.year}/${props.program}/${encodeURIComponent(props.orgUnit)}`);
  const [notice, setNotice] = useState<string>();
  if (error) return <ErrorBox message={t(`无法读取：${error}`, `Could not load: ${error}`)} />;
  if (!round) return <Loading />;
  const f = round.figures;
  return (
    <>
      <p class="crumbs"><a href={props.links.list}>{t('返回预算编制', 'Back to the budget rounds')}</a></p>
      <h2>{programName(round.program)} · <UnitName id={round.orgUnit} /> · {t(`${round.year} 年度`, `${round.year}`)}</h2>
      {notice && <p class="notice" role="status">{notice}</p>}
      <dl class="figures">
        <div><dt>{t('一上建议数', 'Proposed')}</dt><dd>{money(f.proposedFen)}</dd></div>
        <div><dt>{t('一下控制数', 'Control')}</dt><dd>{money(f.controlFen)}</dd></div>
        <div><dt>{t('二上细化数', 'Detailed')}</dt><dd>{money(f.detailedFen)}</dd></div>
        <div><dt>{t('二下批复数', 'Approved')}</dt><dd><strong>{money(f.approvedFen)}</strong></dd></div>
        <div><dt>{t('上年实际', 'Last year’s actual')}</dt><dd>{formatYuan(f.lastYearActualFen)}</dd></div>
        <div><dt>{t('上年执行率', 'Last year’s execution')}</dt><dd>{formatBasisPoints(f.lastYearExecutionRateBp)}</dd></div>
      </dl>
      <p><Waiting round={round} /></p>
      {round.targets && (
        <p>{t('绩效目标：', 'Targets: ')}{t(`受助职工 ${round.targets.workersHelped} 人，人均 ${formatYuan(round.targets.averageFen)}，申请到付款不超过 ${round.targets.daysToPay} 天`, `${round.targets.workersHelped} workers helped, ${formatYuan(round.targets.averageFen)} on average, paid within ${round.targets.daysToPay} days of applying`)}</p>
      )}
      {round.next?.mine && <StepForm round={round} step={round.next.step} onRecorded={() => { setNotice(t('已提交', 'Recorded')); reload(); }} />}
      <section aria-labelledby="demand">
        <h2 id="demand">{t('需求依据（本单位及下属单位）', 'Demand (the unit and the units below it)')}</h2>
        <p>{t(`建档困难职工家庭：${round.demand.householdsOnFile} 户（在本系统中申请过的会员）`, `Households on the hardship file: ${round.demand.householdsOnFile} (members who have applied here)`)}</p>
        <ScrollBox label={t('往年申请与发放（可横向滚动）', 'Earlier years (scrolls sideways)')}>
          <table class="data">
            <caption class="visually-hidden">{t('往年申请与发放', 'Applications and payments of earlier years')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('年度', 'Year')}</th>
                <th scope="col" class="num">{t('申请', 'Applications')}</th>
                <th scope="col" class="num">{t('职工', 'Workers')}</th>
                <th scope="col" class="num">{t('已付笔数', 'Paid')}</th>
                <th scope="col" class="num">{t('已付金额', 'Amount paid')}</th>
                <th scope="col" class="num">{t('分配额', 'Allocated')}</th>
                <th scope="col" class="num">{t('执行率', 'Execution')}</th>
              </tr>
            </thead>
            <tbody>
              {round.demand.years.map((y) => (
                <tr key={y.year}>
                  <th scope="row">{y.year}</th>
                  <td class="num">{y.applications}</td>
                  <td class="num">{y.workers}</td>
                  <td class="num">{y.paidCount}</td>
                  <td class="num">{formatYuan(y.paidFen)}</td>
                  <td class="num">{formatYuan(y.allocatedFen)}</td>
                  <td class="num">{formatBasisPoints(y.executionRateBp)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </section>
      <section aria-labelledby="steps">
        <h2 id="steps">{t('各环节', 'The steps')}</h2>
        <ol class="sign-off">
          {roundSteps.map((step) => {
            const done = round.steps[step];
            return (
              <li key={step} class={done ? 'done' : round.next?.step === step ? 'next' : ''}>
                <strong>{say(stepNames[step])}</strong> · {t('截止', 'due')} {day(round.deadlines[step])}
                {done ? (
                  <span class="block">{formatYuan(done.amountFen)} · {done.by.name} · {when(done.at)}{done.late ? t('（逾期办理）', ' (late)') : ''}{done.comment ? ` · “${done.comment}”` : ''}</span>
                ) : (
                  <span class="block muted">{t('尚未办理', 'Not yet')}</span>
                )}
              </li>
            );
          })}
        </ol>
      </section>
      <section aria-labelledby="trail">
        <h2 id="trail">{t('审计记录', 'Audit trail')}</h2>
        <ol class="timeline">
          {round.trail.map((event) => (
            <li key={event.seq}>
              <strong>{event.actionName}</strong> · {event.actor.name} · {when(event.at)}
              {event.reason && <p>“{event.reason}”</p>}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

interface Adjustment {
  id: string;
  year: number;
  program: string;
  orgUnit: string;
  kind: 'increase' | 'decrease';
  kindName: string;
  amountFen: number;
  reason: string;
  decideBy: string;
  status: 'REQUESTED' | 'APPROVED' | 'REFUSED';
  requestedAt: string;
  requestedBy: { name: string };
  decidedBy?: { name: string };
  decidedAt?: string;
  comment?: string;
  allocatedBeforeFen?: number;
  allocatedAfterFen?: number;
  mayDecide: boolean;
}

const adjustmentStatus = (status: Adjustment['status']) => ({ REQUESTED: t('待审批', 'Awaiting decision'), APPROVED: t('已批准', 'Approved'), REFUSED: t('未批准', 'Refused') })[status];

/** Finance's decision on one adjustment. */
function DecideAdjustment(props: { adjustment: Adjustment; onDecided: () => void }) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string>();
  const id = `decide-${props.adjustment.id}`;
  async function decide(decision: 'approve' | 'refuse') {
    setError(undefined);
    try {
      await api('POST', `/budget-adjustments/${props.adjustment.id}/decision`, { decision, comment: comment.trim() });
      props.onDecided();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.fields[0]?.message ?? caught.message);
    }
  }
  return (
    <div>
      <Field id={id} label={t('审批意见', 'Comment')} error={error}>
        <input id={id} value={comment} onInput={(e) => setComment((e.currentTarget as HTMLInputElement).value)} />
      </Field>
      <div class="actions">
        <button type="button" onClick={() => decide('approve')}>{t('批准', 'Approve')}</button>
        <button type="button" class="secondary" onClick={() => decide('refuse')}>{t('不批准', 'Refuse')}</button>
      </div>
    </div>
  );
}

/**
 * 追加/调减 during the year: ask with a reason (the unit's officials for their unit, finance for
 * units below), and — finance other than the one who asked — decide.
 */
export function Adjustments(props: { year: number; budgets: { program: string; orgUnit: string; allocatedFen: number; reservedFen: number; paidFen: number }[]; onChanged?: () => void }) {
  const list = useGet<{ items: Adjustment[] }>(`/budget-adjustments?year=${props.year}`);
  const units = useOrgUnits();
  const unitName = (id: string) => units?.find((unit) => unit.id === id)?.name ?? '…';
  const [target, setTarget] = useState('');
  const [kind, setKind] = useState<'increase' | 'decrease'>('increase');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [decideBy, setDecideBy] = useState(shanghaiToday(7));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const chosen = props.budgets.find((budget) => `${budget.program}|${budget.orgUnit}` === target) ?? props.budgets[0];
  const changed = (message: string) => {
    setNotice(message);
    list.reload();
    props.onChanged?.();
  };
  async function ask(event: Event) {
    event.preventDefault();
    setError(undefined);
    const fen = toFen(amount);
    const found: Record<string, string> = {};
    if ('problem' in fen) found.amountFen = fen.problem;
    if (reason.trim().length < 2) found.reason = t('请写明调整原因', 'Give the reason for the adjustment');
    setErrors(found);
    if (!chosen || Object.keys(found).length || 'problem' in fen) return;
    try {
      await api('POST', '/budget-adjustments', { year: props.year, program: chosen.program, orgUnit: chosen.orgUnit, kind, amountFen: fen.fen, reason: reason.trim(), decideBy });
      setAmount('');
      setReason('');
      changed(t('调整申请已提交，等待上级财务审批。', 'Adjustment requested; finance above decides.'));
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.message);
      setErrors(caught.byPath());
    }
  }
  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="adjustments">
      <h2 id="adjustments">{t('预算调整（追加/调减）', 'In-year adjustments (increase / decrease)')}</h2>
      {notice && <p class="notice" role="status">{notice}</p>}
      <ErrorBox message={list.error} />
      {items.length === 0 ? (
        <Empty>{t('本年度没有预算调整。', 'No adjustment this year.')}</Empty>
      ) : (
        <ul class="cards">
          {items.map((adjustment) => (
            <li class="card" key={adjustment.id}>
              <p>
                <strong>{adjustment.kindName} {formatYuan(adjustment.amountFen)}</strong> · {programName(adjustment.program)} · <UnitName id={adjustment.orgUnit} /> · <span class={`status adjustment-${adjustment.status}`}>{adjustmentStatus(adjustment.status)}</span>
              </p>
              <p class="muted small">{adjustment.requestedBy.name} · {when(adjustment.requestedAt)} · “{adjustment.reason}” · {t('审批截止', 'decide by')} {day(adjustment.decideBy)}</p>
              {adjustment.decidedBy && (
                <p class="small">{adjustment.decidedBy.name} · {when(adjustment.decidedAt)} · “{adjustment.comment}”{adjustment.allocatedAfterFen !== undefined ? t(` · 分配额 ${formatYuan(adjustment.allocatedBeforeFen ?? 0)} → ${formatYuan(adjustment.allocatedAfterFen)}`, ` · allocation ${formatYuan(adjustment.allocatedBeforeFen ?? 0)} → ${formatYuan(adjustment.allocatedAfterFen)}`) : ''}</p>
              )}
              {adjustment.mayDecide && <DecideAdjustment adjustment={adjustment} onDecided={() => changed(t('已审批。', 'Decided.'))} />}
            </li>
          ))}
        </ul>
      )}
      {props.budgets.length > 0 && (
        <form class="card" onSubmit={ask} noValidate aria-labelledby="ask-adjustment">
          <h3 id="ask-adjustment">{t('申请调整', 'Ask for an adjustment')}</h3>
          <ErrorBox message={error} />
          <div class="form-row">
            <Field id="adjust-budget" label={t('预算', 'Budget')}>
              <select id="adjust-budget" value={chosen ? `${chosen.program}|${chosen.orgUnit}` : ''} onChange={(e) => setTarget((e.currentTarget as HTMLSelectElement).value)}>
                {props.budgets.map((budget) => <option key={`${budget.program}|${budget.orgUnit}`} value={`${budget.program}|${budget.orgUnit}`}>{`${programName(budget.program)} · ${unitName(budget.orgUnit)} · ${formatYuan(budget.allocatedFen)}`}</option>)}
              </select>
            </Field>
            <Field id="adjust-kind" label={t('调整方式', 'Kind')}>
              <select id="adjust-kind" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as 'increase' | 'decrease')}>
                <option value="increase">{t('追加', 'Increase')}</option>
                <option value="decrease">{t('调减', 'Decrease')}</option>
              </select>
            </Field>
            <Field id="adjust-amount" label={t('调整金额（元）', 'Amount (yuan)')} hint={chosen && kind === 'decrease' ? t(`调减后不能低于已预留与已支付之和 ${formatYuan(chosen.reservedFen + chosen.paidFen)}`, `Not below reserved plus paid, ${formatYuan(chosen.reservedFen + chosen.paidFen)}`) : undefined} error={errors.amountFen}>
              <input id="adjust-amount" inputMode="decimal" value={amount} onInput={(e) => setAmount((e.currentTarget as HTMLInputElement).value)} />
            </Field>
            <Field id="adjust-decide-by" label={t('审批截止', 'Decide by')} error={errors.decideBy}>
              <input id="adjust-decide-by" type="date" value={decideBy} onInput={(e) => setDecideBy((e.currentTarget as HTMLInputElement).value)} />
            </Field>
          </div>
          <Field id="adjust-reason" label={t('调整原因', 'Reason')} error={errors.reason}>
            <input id="adjust-reason" value={reason} onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)} />
          </Field>
          <div class="actions"><button type="submit">{t('提交调整申请', 'Ask for the adjustment')}</button></div>
        </form>
      )}
    </section>
  );
}
