import { useState } from 'preact/hooks';
import { Empty, ErrorBox, Field, Loading, ScrollBox } from '../../components.tsx';
import { formatYuan } from '../../format.ts';
import { programName, shanghaiYear, t, when } from '../../i18n.ts';
import { Adjustments } from '../budget-rounds/rounds.tsx';
import { FinancePage, type Usage, UsageBar, UsageLegend, yearChoices } from './shared.tsx';
import { UnitName } from '../../org-units.tsx';
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

export function Budgets() {
  const [year, setYear] = useState(shanghaiYear());
  const budgetList = useGet<{ items: Budget[] }>(`/budgets?year=${year}`);
  // The parked list is a help beside the budgets: when it cannot be read, the page goes on without it.
  const parkedList = useGet<{ items: Parked[] }>(`/applications?status=AWAITING_BUDGET&year=${year}&limit=200`);
  const budgets = budgetList.data?.items;
  const parked = parkedList.data?.items ?? [];
  const error = budgetList.error;
  const changed = () => {
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
        <a class="button secondary" href="#/finance/rounds">{t('预算编制（二上二下）', 'Budget rounds')}</a>
      </div>
      <p class="muted">{t('预算由二上二下批复生成；年度中的追加或调减在下方申请，由另一位财务人员审批。', 'Budgets come from the approved budget rounds; increases and decreases during the year are asked for below and decided by another finance user.')}</p>
      <ErrorBox message={error && t(`无法读取预算：${error}。请稍后刷新重试。`, `Could not load the budgets: ${error}. Refresh to try again.`)} />
      {!budgets && !error && <Loading />}
      {budgets?.length === 0 && <Empty>{t(`${year} 年还没有预算。预算在“预算编制”中经二上二下批复后生成。`, `No budgets for ${year} yet. They come from the approved budget rounds.`)}</Empty>}
      {budgets && budgets.length > 0 && (
        <>
          <UsageLegend />
          <ScrollBox label={t(`${year} 年各项目预算`, `Budgets of ${year}`)}>
            <table class="data">
              <caption class="visually-hidden">{t(`${year} 年各项目预算`, `Budgets of ${year}`)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('项目', 'Program')}</th>
                  <th scope="col">{t('组织', 'Org unit')}</th>
                  <th scope="col" class="num">{t('分配额', 'Allocated')}</th>
                  <th scope="col" class="num">{t('可用', 'Available')}</th>
                  <th scope="col" class="wide-cell">{t('执行情况', 'Execution')}</th>
                </tr>
              </thead>
              <tbody>
                {budgets.map((budget) => (
                    <tr key={keyOf(budget)}>
                      <th scope="row">{programName(budget.program)}</th>
                      <td><UnitName id={budget.orgUnit} /></td>
                      <td class="num">{formatYuan(budget.allocatedFen)}</td>
                      <td class="num">{formatYuan(budget.availableFen)}</td>
                      <td><UsageBar usage={budget} /><span class="muted small">{t('更新于 ', 'Updated ')}{when(budget.updatedAt)}</span></td>
                    </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        </>
      )}
      {budgets && <Adjustments year={year} budgets={budgets} onChanged={changed} />}
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
