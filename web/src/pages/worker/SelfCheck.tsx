import { useEffect, useState } from 'preact/hooks';
import { onlyDigits, typedWholeNumber } from '../../../../functions/shared/typed-number.ts';
import { autumnAidCategories, schoolKinds, schoolLevels } from '../../../../functions/domain/programs/autumn-aid/details.ts';
import { mutualPlans } from '../../../../functions/domain/programs/mutual-claim/details.ts';
import { api, ApiError } from '../../api.ts';
import { CheckList, ErrorBox } from '../../components.tsx';
import { categoryText, kindText, levelText, planText } from '../../code-names.ts';
import { formatYuan } from '../../format.ts';
import { say, shanghaiYear, t } from '../../i18n.ts';
import { SelectField, TextField, Toggle, yuanToFen } from './form-kit.tsx';

interface MyRecord {
  member: { category: string; hardshipFile: { tier: string } | null; mutualPlans: { plan: string }[] } | null;
  household: { members: unknown[] } | null;
}

interface Verdict {
  program: string;
  name: string;
  applicable: boolean;
  likely?: boolean;
  reason?: string;
  checks?: { code: string; passed: boolean; message: string }[];
  amountFen?: number;
  assumes?: string;
}

/** Before applying: a few questions, and each program's own rules say what is likely. Nothing is stored. */
export function SelfCheck() {
  const thisYear = shanghaiYear();
  const [size, setSize] = useState('');
  const [income, setIncome] = useState('');
  const [hasChild, setHasChild] = useState(false);
  const [child, setChild] = useState({ category: 'temporary-hardship' as (typeof autumnAidCategories)[number], level: 'undergraduate' as (typeof schoolLevels)[number], schoolKind: 'public' as (typeof schoolKinds)[number] });
  const [hasIncident, setHasIncident] = useState(false);
  const [incident, setIncident] = useState({ plan: 'hospital-allowance' as (typeof mutualPlans)[number], date: '' });
  const [verdicts, setVerdicts] = useState<Verdict[]>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  // The answers start from the member record: its family category (a filed hardship family is one),
  // the household last declared, a mutual-aid plan held. The worker may change any of them.
  const [fromRecord, setFromRecord] = useState<string[]>([]);
  useEffect(() => {
    api<MyRecord>('GET', '/me')
      .then((me) => {
        const member = me.member;
        if (!member) return;
        const said: string[] = [];
        const category = member.hardshipFile ? 'filed-hardship' : member.category;
        if ((autumnAidCategories as readonly string[]).includes(category)) {
          setChild((current) => ({ ...current, category: category as (typeof autumnAidCategories)[number] }));
          said.push(t(`家庭类别：${categoryText[category as keyof typeof categoryText]?.[0] ?? ''}`, `family category: ${categoryText[category as keyof typeof categoryText]?.[1] ?? ''}`));
        }
        if (me.household?.members.length) {
          setSize(String(me.household.members.length));
          said.push(t(`家庭人口：${me.household.members.length} 人`, `household: ${me.household.members.length} people`));
        }
        const plan = member.mutualPlans.find((held) => (mutualPlans as readonly string[]).includes(held.plan))?.plan;
        if (plan) setIncident((current) => ({ ...current, plan: plan as (typeof mutualPlans)[number] }));
        setFromRecord(said);
      })
      .catch(() => setFromRecord([]));
  }, []);

  // The server checks the answers with the same schema; its field problems show under the fields.
  const answered = { errorOf: (path: string) => fieldErrors[path] };

  // A result answers the questions as they were: any change clears it until the worker checks again.
  useEffect(() => setVerdicts(undefined), [size, income, hasChild, child, hasIncident, incident]);

  async function run(event: Event) {
    event.preventDefault();
    const householdSize = typedWholeNumber(size);
    const incomeFen = yuanToFen(income);
    const unreadable = {
      ...(householdSize === undefined ? { 'household.size': say(onlyDigits) } : {}),
      ...(incomeFen === undefined ? { 'household.annualIncomeFen': say(onlyDigits) } : {}),
    };
    setFieldErrors(unreadable);
    if (householdSize === undefined || incomeFen === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      const answers = {
        household: { size: householdSize, annualIncomeFen: incomeFen },
        ...(hasChild ? { child: { ...child, admissionYear: thisYear } } : {}),
        ...(hasIncident ? { incident } : {}),
      };
      const result = await api<{ items: Verdict[] }>('POST', '/self-check', answers);
      setVerdicts(result.items);
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.message);
      setFieldErrors(caught.byPath());
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="page">
      <p class="crumbs"><a href="#/worker">{t('首页', 'Home')}</a> › {t('资格自测', 'Self-check')}</p>
      <h1>{t('我能申请哪些帮扶？', 'What could I apply for?')}</h1>
      <p class="hint">{t('回答几个问题，系统按各项目的现行规则和您的会员档案估算。结果仅供参考，不保存任何信息，也不算提交申请。', 'Answer a few questions; each program’s current rules and your member record give an estimate. It is only a guide: nothing is stored and nothing is applied for.')}</p>
      {fromRecord.length > 0 && <p class="notice">{t('已按您的会员档案预先填好：', 'Filled in from your member record: ')}{fromRecord.join(t('；', '; '))}{t('。如有变化可以修改。', '. Change anything that is different now.')}</p>}
      <form onSubmit={run} noValidate>
        <TextField form={answered} id="sc-size" path="household.size" label={t('家庭人口（人）', 'People in the household')} inputMode="numeric" value={size} onInput={setSize} />
        <TextField form={answered} id="sc-income" path="household.annualIncomeFen" label={t('家庭上年总收入（元）', 'Household income last year (yuan)')} hint={t('可以写 35000、35,000 或 3.5万', 'You may write 35000, 35,000 or 3.5万')} inputMode="decimal" value={income} onInput={setIncome} />
        <Toggle label={t(`孩子今年（${thisYear} 年）考上大学或高中`, `A child was admitted to university or high school this year (${thisYear})`)} checked={hasChild} onChange={setHasChild} />
        {hasChild && (
          <div class="indent">
            <SelectField form={answered} path="child.category" id="sc-category" label={t('家庭类别', 'Family category')} value={child.category} options={autumnAidCategories} names={categoryText} onChange={(category) => setChild({ ...child, category })} />
            <SelectField form={answered} path="child.level" id="sc-level" label={t('学历层次', 'Level')} value={child.level} options={schoolLevels} names={levelText} onChange={(level) => setChild({ ...child, level })} />
            <SelectField form={answered} path="child.schoolKind" id="sc-kind" label={t('院校类型', 'Kind of school')} value={child.schoolKind} options={schoolKinds} names={kindText} onChange={(schoolKind) => setChild({ ...child, schoolKind })} />
          </div>
        )}
        <Toggle label={t('我住院、确诊重病或遭遇意外', 'I was in hospital, diagnosed with a serious illness, or had an accident')} checked={hasIncident} onChange={setHasIncident} />
        {hasIncident && (
          <div class="indent">
            <SelectField form={answered} path="incident.plan" id="sc-plan" label={t('保障计划', 'Plan')} value={incident.plan} options={mutualPlans} names={planText} onChange={(plan) => setIncident({ ...incident, plan })} />
            <TextField form={answered} id="sc-date" path="incident.date" type="date" label={t('发生或确诊日期', 'Date it happened or was diagnosed')} value={incident.date} onInput={(date) => setIncident({ ...incident, date })} />
          </div>
        )}
        <ErrorBox message={error} />
        <div class="actions">
          <button type="submit" disabled={busy}>{busy ? t('估算中…', 'Checking…') : t('开始自测', 'Check')}</button>
        </div>
      </form>

      {verdicts && (
        <section aria-live="polite">
          <h2>{t('自测结果', 'Result')}</h2>
          <ul class="cards">
            {verdicts.map((verdict) => (
              <li key={verdict.program} class={`card verdict ${verdict.applicable && verdict.likely ? 'likely' : 'unlikely'}`}>
                <h3>
                  {verdict.name}：
                  {!verdict.applicable ? t('不适用', 'Does not apply') : verdict.likely ? t('可能符合条件', 'Likely eligible') : t('可能不符合', 'Probably not eligible')}
                </h3>
                {verdict.reason && <p>{verdict.reason}</p>}
                {verdict.amountFen !== undefined && <p>{t('预计金额：', 'Estimated amount: ')}<strong>{formatYuan(verdict.amountFen)}</strong></p>}
                {verdict.checks && (
                  <CheckList checks={verdict.checks} />
                )}
                {verdict.assumes && <p class="muted small">{verdict.assumes}</p>}
                {verdict.applicable && verdict.likely && <a class="button" href={`#/apply/${verdict.program}`}>{t('去申请', 'Apply')}</a>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
