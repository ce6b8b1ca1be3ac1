import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { fenToYuanString } from '../../../../functions/domain/finance/yuan.ts';
import { api, ApiError } from '../../api.ts';
import { Empty, ErrorBox, Field, Loading } from '../../components.tsx';
import { formatYuan } from '../../format.ts';
import { programName, programNames, shanghaiYear, t, when } from '../../i18n.ts';
import { FinancePage, toFen, type Usage, UsageBar, UsageLegend, yearChoices } from './shared.tsx';
import { OrgUnitSelect, UnitName } from '../../org-units.tsx';
import { useGet } from '../../use-get.ts';

interface Budget extends Usage {
  program: string;
  year: number;
  orgUnit: string;
  availableFen: number;
  updatedAt: string;
}

interface Parked {
  id: string;
  program: string;
  submittedAt: string;
  applicant: { name: string; orgUnit: string };
  amountFen?: number;
}

/**
 * Sets an allocation — an existing budget's or a new one's. Raising it lets applications parked
 * for want of budget resume; the reply names them.
 */
function AllocationForm(props: { idPrefix: string; budget?: Budget; year: number; onSaved: (released: number) => void; onCancel?: () => void }) {
  const [program, setProgram] = useState(props.budget?.program ?? 'autumn-aid');
  const [orgUnit, setOrgUnit] = useState(props.budget?.orgUnit ?? '');
  const [amount, setAmount] = useState(props.budget ? fenToYuanString(props.budget.allocatedFen) : '');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = (name: string) => `${props.idPrefix}-${name}`;
  const first = useRef<HTMLInputElement & HTMLSelectElement>(null);
  // Opened by a button: the keyboard user continues in the form, not back at the top.
  useEffect(() => first.current?.focus(), []);

  async function save(event: Event) {
    event.preventDefault();
    const fen = toFen(amount);
    const found: Record<string, string> = {};
    if ('problem' in fen) found.allocatedFen = fen.problem;
    if (orgUnit.trim() === '') found.orgUnit = t('请选择组织', 'Choose an org unit');
    setErrors(found);
    setError(undefined);
    if ('problem' in fen || Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const saved = await api<{ released: string[] }>('PUT', `/budgets/${program}/${props.year}/${encodeURIComponent(orgUnit.trim())}`, { allocatedFen: fen.fen, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      props.onSaved(saved.released.length);
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.message);
      setErrors(caught.byPath());
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="allocation" onSubmit={save} noValidate>
      <ErrorBox message={error} />
      <div class="form-row">
        {!props.budget && (
          <>
            <Field id={id('program')} label={t('项目', 'Program')} error={errors.program}>
              <select id={id('program')} ref={first} value={program} onChange={(e) => setProgram((e.currentTarget as HTMLSelectElement).value)}>
                {Object.keys(programNames).map((key) => <option key={key} value={key}>{programName(key)}</option>)}
              </select>
            </Field>
            <OrgUnitSelect id={id('orgUnit')} label={t('组织', 'Org unit')} hint={t('预算覆盖该组织及其下属组织', 'Covers the unit and the units below it')} error={errors.orgUnit} value={orgUnit} onChange={setOrgUnit} anyLabel={t('请选择…', 'Choose…')} />
          </>
        )}
        <Field id={id('allocatedFen')} label={t('分配额（元）', 'Allocation (yuan)')} hint={props.budget ? t(`不能低于已预留与已支付之和 ${formatYuan(props.budget.reservedFen + props.budget.paidFen)}`, `Not below reserved plus paid, ${formatYuan(props.budget.reservedFen + props.budget.paidFen)}`) : undefined} error={errors.allocatedFen}>
          <input id={id('allocatedFen')} ref={props.budget ? first : undefined} inputMode="decimal" value={amount} onInput={(e) => setAmount((e.currentTarget as HTMLInputElement).value)} />
        </Field>
        <Field id={id('reason')} label={t('调整原因（可选）', 'Reason (optional)')} error={errors.reason}>
          <input id={id('reason')} value={reason} onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)} />
        </Field>
      </div>
      <div class="actions">
        <button type="submit" disabled={busy}>{props.budget ? t('保存分配额', 'Save the allocation') : t('新增预算', 'Add the budget')}</button>
        {props.onCancel && <button type="button" class="secondary" onClick={props.onCancel}>{t('取消', 'Cancel')}</button>}
      </div>
    </form>
  );
}

export function Budgets() {
  const [year, setYear] = useState(shanghaiYear());
  const budgetList = useGet<{ items: Budget[] }>(`/budgets?year=${year}`);
  // The parked list is a help beside the budgets: when it cannot be read, the page goes on without it.
  const parkedList = useGet<{ items: Parked[] }>(`/applications?status=AWAITING_BUDGET&year=${year}&limit=200`);
  const budgets = budgetList.data?.items;
  const parked = parkedList.data?.items ?? [];
  const error = budgetList.error;
  const [editing, setEditing] = useState<string>();
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string>();

  const saved = (released: number) => {
    setEditing(undefined);
    setAdding(false);
    setNotice(released > 0 ? t(`分配额已保存，${released} 份等待预算的申请已恢复办理。`, `Allocation saved; ${released} application(s) waiting for budget resumed.`) : t('分配额已保存。', 'Allocation saved.'));
    budgetList.reload();
    parkedList.reload();
  };
  const keyOf = (budget: Budget) => `${budget.program}|${budget.orgUnit}`;

  return (
    <FinancePage section="budgets" title={t('预算执行', 'Budgets')}>
      <div class="toolbar">
        <Field id="budget-year" label={t('年度', 'Year')}>
          <select id="budget-year" value={year} onChange={(e) => setYear(Number((e.currentTarget as HTMLSelectElement).value))}>
            {yearChoices().map((choice) => <option key={choice} value={choice}>{choice}</option>)}
          </select>
        </Field>
        {!adding && <button class="secondary" onClick={() => { setAdding(true); setEditing(undefined); }}>{t('新增预算', 'Add a budget')}</button>}
      </div>
      {notice && <p class="notice" role="status">{notice}</p>}
      <ErrorBox message={error && t(`无法读取预算：${error}。请稍后刷新重试。`, `Could not load the budgets: ${error}. Refresh to try again.`)} />
      {adding && (
        <section class="card" aria-labelledby="add-budget">
          <h2 id="add-budget">{t(`新增 ${year} 年预算`, `A new budget for ${year}`)}</h2>
          <AllocationForm idPrefix="new" year={year} onSaved={saved} onCancel={() => setAdding(false)} />
        </section>
      )}
      {!budgets && !error && <Loading />}
      {budgets?.length === 0 && <Empty>{t(`${year} 年还没有预算。点“新增预算”为项目分配额度。`, `No budgets for ${year} yet. Use “Add a budget” to allocate one.`)}</Empty>}
      {budgets && budgets.length > 0 && (
        <>
          <UsageLegend />
          <table class="data">
            <caption class="visually-hidden">{t(`${year} 年各项目预算`, `Budgets of ${year}`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('项目', 'Program')}</th>
                <th scope="col">{t('组织', 'Org unit')}</th>
                <th scope="col" class="num">{t('分配额', 'Allocated')}</th>
                <th scope="col" class="num">{t('可用', 'Available')}</th>
                <th scope="col" class="wide-cell">{t('执行情况', 'Execution')}</th>
                <th scope="col"><span class="visually-hidden">{t('操作', 'Actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {budgets.map((budget) => (
                <Fragment key={keyOf(budget)}>
                  <tr>
                    <th scope="row">{programName(budget.program)}</th>
                    <td><UnitName id={budget.orgUnit} /></td>
                    <td class="num">{formatYuan(budget.allocatedFen)}</td>
                    <td class="num">{formatYuan(budget.availableFen)}</td>
                    <td><UsageBar usage={budget} /><span class="muted small">{t('更新于 ', 'Updated ')}{when(budget.updatedAt)}</span></td>
                    <td>
                      <button class="secondary" aria-expanded={editing === keyOf(budget)} onClick={() => { setEditing(editing === keyOf(budget) ? undefined : keyOf(budget)); setAdding(false); }}>
                        {t('调整', 'Change')}<span class="visually-hidden"> {programName(budget.program)} <UnitName id={budget.orgUnit} /></span>
                      </button>
                    </td>
                  </tr>
                  {editing === keyOf(budget) && (
                    <tr class="edit-row">
                      <td colSpan={6}>
                        <AllocationForm idPrefix="edit" budget={budget} year={year} onSaved={saved} onCancel={() => setEditing(undefined)} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </>
      )}
      <section aria-labelledby="parked">
        <h2 id="parked">{t('等待预算的申请', 'Applications waiting for budget')}</h2>
        {parked.length === 0 ? (
          <Empty>{t('没有因预算不足而暂停的申请。', 'No application is waiting for budget.')}</Empty>
        ) : (
          <>
            <p>{t(`${parked.length} 份申请已批准但预算不足，提高相应预算后会按顺序自动恢复。`, `${parked.length} approved application(s) wait for budget; raising the budget resumes them in order.`)}</p>
            <ul class="list">
              {parked.map((application) => (
                <li key={application.id}>
                  <a href={`#/applications/${application.id}`}>
                    <strong>{programName(application.program)} · {application.applicant.name}</strong>
                    <span class="muted"><UnitName id={application.applicant.orgUnit} /> · {when(application.submittedAt)}</span>
                    {application.amountFen !== undefined && <span>{formatYuan(application.amountFen)}</span>}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </FinancePage>
  );
}
