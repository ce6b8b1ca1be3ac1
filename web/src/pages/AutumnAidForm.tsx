import { useEffect, useMemo, useState } from 'preact/hooks';
import { autumnAidDetails, autumnAidCategories, schoolKinds, schoolLevels } from '../../../functions/domain/programs/autumn-aid/details.ts';
import { zodIssuesToFields } from '../../../functions/shared/zod-messages.ts';
import { api, ApiError, session } from '../api.ts';
import { Field, ErrorBox } from '../components.tsx';
import { formatYuan } from '../format.ts';
import { lang, t } from '../i18n.ts';

const categoryText: Record<(typeof autumnAidCategories)[number], [string, string]> = {
  'filed-hardship': ['建档困难职工家庭', 'Filed hardship worker family'],
  'hardship-migrant': ['困难农民工家庭', 'Migrant worker family in hardship'],
  'new-employment-form': ['困难新就业形态劳动者（快递员、网约车司机、外卖骑手等）', 'New-employment-form worker in hardship (courier, ride-hailing, delivery)'],
  'temporary-hardship': ['因病、意外或低收入临时困难（未建档）', 'Temporary hardship from illness, accident or low income (not filed)'],
  'work-injury-family': ['工亡或工伤致残职工家庭', 'Family of a worker killed or disabled at work'],
};
const levelText: Record<(typeof schoolLevels)[number], [string, string]> = {
  postgraduate: ['研究生', 'Postgraduate'],
  undergraduate: ['本科', 'Undergraduate'],
  'vocational-college': ['高职高专', 'Vocational college'],
  'high-school': ['高中', 'High school'],
  'secondary-vocational': ['中职', 'Secondary vocational'],
};
const kindText: Record<(typeof schoolKinds)[number], [string, string]> = {
  public: ['普通公办院校', 'Ordinary public school'],
  military: ['军校', 'Military academy'],
  'free-normal': ['免费师范生', 'Free teacher training'],
  commissioned: ['定向生', 'Commissioned place'],
  'high-fee-private': ['高收费民办学校', 'High-fee private school'],
  'self-funded-abroad': ['自费出国留学', 'Self-funded study abroad'],
  'sino-foreign': ['中外合作办学', 'Sino-foreign programme'],
};

interface Draft {
  idempotencyKey: string;
  step: number;
  category: string;
  householdSize: string;
  incomeYuan: string;
  child: { name: string; idNumber: string; school: string; schoolKind: string; level: string; admissionYear: string; otherFunding: boolean };
  bankAccount: { holder: string; bank: string; number: string };
  admissionLetter: string;
  hardshipProof: string;
}

/** Yuan as typed ("3,000.5") to integer fen, by string arithmetic; undefined when it is not an amount. */
export function yuanToFen(text: string): number | undefined {
  const match = /^\s*(\d{1,12})(?:\.(\d{1,2}))?\s*$/.exec(text.replaceAll(',', ''));
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

const emptyDraft = (holder: string): Draft => ({
  idempotencyKey: crypto.randomUUID(),
  step: 0,
  category: '',
  householdSize: '',
  incomeYuan: '',
  child: { name: '', idNumber: '', school: '', schoolKind: 'public', level: 'undergraduate', admissionYear: String(new Date().getFullYear()), otherFunding: false },
  bankAccount: { holder, bank: '', number: '' },
  admissionLetter: '',
  hardshipProof: '',
});

function toDetails(draft: Draft) {
  const attachments = [
    ...(draft.admissionLetter ? [{ kind: 'admission-letter', name: draft.admissionLetter }] : []),
    ...(draft.hardshipProof ? [{ kind: 'hardship-proof', name: draft.hardshipProof }] : []),
  ];
  return {
    category: draft.category || undefined,
    household: { size: draft.householdSize === '' ? undefined : Number(draft.householdSize), annualIncomeFen: yuanToFen(draft.incomeYuan) ?? (draft.incomeYuan === '' ? undefined : Number.NaN) },
    child: { ...draft.child, admissionYear: Number(draft.child.admissionYear) },
    bankAccount: draft.bankAccount,
    attachments,
  };
}

const steps: { title: [string, string]; paths: string[] }[] = [
  { title: ['家庭类别', 'Family category'], paths: ['category'] },
  { title: ['家庭收入', 'Household income'], paths: ['household.size', 'household.annualIncomeFen'] },
  { title: ['子女入学', 'Child and school'], paths: ['child.name', 'child.idNumber', 'child.school', 'child.schoolKind', 'child.level', 'child.admissionYear', 'child.otherFunding'] },
  { title: ['收款账户', 'Bank account'], paths: ['bankAccount.holder', 'bankAccount.bank', 'bankAccount.number'] },
  { title: ['证明材料', 'Documents'], paths: ['attachments'] },
  { title: ['确认提交', 'Check and send'], paths: [] },
];

/** The autumn-aid form, in steps, checked as the worker types with the same schema the API uses. */
export function AutumnAidForm() {
  const user = session.user();
  const draftKey = `warmth.draft.autumn-aid.${user?.sub ?? ''}`;
  const [draft, setDraft] = useState<Draft>(() => {
    const saved = localStorage.getItem(draftKey);
    return saved ? (JSON.parse(saved) as Draft) : emptyDraft(user?.name ?? '');
  });
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState(false);

  useEffect(() => localStorage.setItem(draftKey, JSON.stringify(draft)), [draft]);

  const problems = useMemo(() => {
    const result = autumnAidDetails.safeParse(toDetails(draft));
    const byPath: Record<string, string> = {};
    if (!result.success) {
      for (const field of zodIssuesToFields(result.error)) byPath[field.path] ??= lang.value === 'en' ? field.message.en : field.message.zh;
    }
    return byPath;
  }, [draft, lang.value]);

  const update = (change: (d: Draft) => Draft, path: string) => {
    setDraft((d) => change(structuredClone(d)));
    setTouched((s) => new Set(s).add(path));
    setServerErrors((e) => ({ ...e, [path]: '' }));
  };
  const errorOf = (path: string) => serverErrors[path] || (touched.has(path) ? problems[path] : undefined);
  const step = steps[draft.step] ?? steps[0]!;
  const stepValid = step.paths.every((path) => !Object.keys(problems).some((p) => p === path || p.startsWith(`${path}.`)));

  function next() {
    setTouched((s) => new Set([...s, ...step.paths]));
    if (stepValid) setDraft((d) => ({ ...d, step: d.step + 1 }));
  }

  async function submit() {
    setSending(true);
    setError(undefined);
    try {
      const result = await api<{ id: string }>('POST', '/applications', { program: 'autumn-aid', details: toDetails(draft) }, { 'idempotency-key': draft.idempotencyKey });
      localStorage.removeItem(draftKey);
      location.hash = `#/receipt/${result.id}`;
    } catch (caught) {
      if (caught instanceof ApiError) {
        setError(caught.message);
        const byPath: Record<string, string> = {};
        for (const field of caught.fields) byPath[field.path.replace(/^details\./, '')] = field.message;
        setServerErrors(byPath);
        const firstStep = steps.findIndex((s) => s.paths.some((p) => Object.keys(byPath).some((path) => path.startsWith(p))));
        if (firstStep >= 0) setDraft((d) => ({ ...d, step: firstStep }));
      } else setError(t('网络异常，请稍后重试；您填写的内容已保存。', 'Network problem; try again later. What you entered is saved.'));
    } finally {
      setSending(false);
    }
  }

  const input = (id: string, value: string, onInput: (value: string) => void, extra: Record<string, unknown> = {}) => (
    <input id={id} value={value} onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)} aria-invalid={errorOf(id.replaceAll('-', '.')) ? 'true' : 'false'} {...extra} />
  );

  return (
    <main class="page form-page">
      <p class="crumbs"><a href="#/worker">{t('首页', 'Home')}</a> › {t('金秋助学申请', 'Autumn aid application')}</p>
      <h1>{t('金秋助学申请', 'Apply for autumn education aid')}</h1>
      <ol class="stepper" aria-label={t('步骤', 'Steps')}>
        {steps.map((s, index) => (
          <li key={index} class={index === draft.step ? 'current' : index < draft.step ? 'done' : ''} aria-current={index === draft.step ? 'step' : undefined}>
            {t(...s.title)}
          </li>
        ))}
      </ol>
      <ErrorBox message={error} />

      {draft.step === 0 && (
        <fieldset>
          <legend>{t('您家属于哪一类？', 'Which describes your family?')}</legend>
          <p class="hint">{t('建档困难职工家庭按建档标准资助，其他类别按未建档标准资助。', 'Filed hardship families receive the filed amounts; the others the not-filed amounts.')}</p>
          {autumnAidCategories.map((category) => (
            <label class="choice" key={category}>
              <input type="radio" name="category" value={category} checked={draft.category === category} onChange={() => update((d) => ({ ...d, category }), 'category')} />
              {t(...categoryText[category])}
            </label>
          ))}
          {errorOf('category') && <p class="error" role="alert">{errorOf('category')}</p>}
        </fieldset>
      )}

      {draft.step === 1 && (
        <>
          <Field id="household-size" label={t('家庭人口（人）', 'People in the household')} error={errorOf('household.size')}>
            {input('household-size', draft.householdSize, (v) => update((d) => ({ ...d, householdSize: v }), 'household.size'), { inputMode: 'numeric' })}
          </Field>
          <Field id="household-annualIncomeFen" label={t('家庭上年总收入（元）', 'Household income last year (yuan)')} hint={t('人均收入低于当地低保标准的 3 倍可申请；建档困难职工以档案为准。', 'Income per head must be below 3 × the local dibao; filed families qualify by their file.')} error={errorOf('household.annualIncomeFen')}>
            {input('household-annualIncomeFen', draft.incomeYuan, (v) => update((d) => ({ ...d, incomeYuan: v }), 'household.annualIncomeFen'), { inputMode: 'decimal' })}
          </Field>
        </>
      )}

      {draft.step === 2 && (
        <>
          <Field id="child-name" label={t('子女姓名', 'Child’s name')} error={errorOf('child.name')}>
            {input('child-name', draft.child.name, (v) => update((d) => ({ ...d, child: { ...d.child, name: v } }), 'child.name'))}
          </Field>
          <Field id="child-idNumber" label={t('子女身份证号', 'Child’s resident ID number')} hint={t('18 位，最后一位可能是 X。', '18 characters; the last may be X.')} error={errorOf('child.idNumber')}>
            {input('child-idNumber', draft.child.idNumber, (v) => update((d) => ({ ...d, child: { ...d.child, idNumber: v.trim() } }), 'child.idNumber'), { autocomplete: 'off', maxLength: 18 })}
          </Field>
          <Field id="child-school" label={t('录取院校', 'School admitted to')} error={errorOf('child.school')}>
            {input('child-school', draft.child.school, (v) => update((d) => ({ ...d, child: { ...d.child, school: v } }), 'child.school'))}
          </Field>
          <Field id="child-level" label={t('学历层次', 'Level')} error={errorOf('child.level')}>
            <select id="child-level" value={draft.child.level} onChange={(e) => update((d) => ({ ...d, child: { ...d.child, level: (e.currentTarget as HTMLSelectElement).value } }), 'child.level')}>
              {schoolLevels.map((level) => <option key={level} value={level}>{t(...levelText[level])}</option>)}
            </select>
          </Field>
          <Field id="child-schoolKind" label={t('院校类型', 'Kind of school')} hint={t('军校、免费师范生、定向生、高收费民办、自费留学和中外合作办学不在资助范围。', 'Military academies, free teacher training, commissioned places, high-fee private schools, self-funded study abroad and Sino-foreign programmes are not funded.')} error={errorOf('child.schoolKind')}>
            <select id="child-schoolKind" value={draft.child.schoolKind} onChange={(e) => update((d) => ({ ...d, child: { ...d.child, schoolKind: (e.currentTarget as HTMLSelectElement).value } }), 'child.schoolKind')}>
              {schoolKinds.map((kind) => <option key={kind} value={kind}>{t(...kindText[kind])}</option>)}
            </select>
          </Field>
          <Field id="child-admissionYear" label={t('录取年份', 'Year of admission')} hint={t('只资助本年度新录取的学生。', 'Only students admitted this year are funded.')} error={errorOf('child.admissionYear')}>
            {input('child-admissionYear', draft.child.admissionYear, (v) => update((d) => ({ ...d, child: { ...d.child, admissionYear: v } }), 'child.admissionYear'), { inputMode: 'numeric', maxLength: 4 })}
          </Field>
          <label class="choice">
            <input type="checkbox" checked={draft.child.otherFunding} onChange={(e) => update((d) => ({ ...d, child: { ...d.child, otherFunding: (e.currentTarget as HTMLInputElement).checked } }), 'child.otherFunding')} />
            {t('本年度已获其他政府或社会资助', 'Funded by another government or social body this year')}
          </label>
        </>
      )}

      {draft.step === 3 && (
        <>
          <p class="hint">{t('助学金发放到您本人的银行卡（户名须为本人）。', 'The grant is paid to your own bank card (in your name).')}</p>
          <Field id="bankAccount-holder" label={t('户名', 'Account holder')} error={errorOf('bankAccount.holder')}>
            {input('bankAccount-holder', draft.bankAccount.holder, (v) => update((d) => ({ ...d, bankAccount: { ...d.bankAccount, holder: v } }), 'bankAccount.holder'))}
          </Field>
          <Field id="bankAccount-bank" label={t('开户银行', 'Bank')} error={errorOf('bankAccount.bank')}>
            {input('bankAccount-bank', draft.bankAccount.bank, (v) => update((d) => ({ ...d, bankAccount: { ...d.bankAccount, bank: v } }), 'bankAccount.bank'))}
          </Field>
          <Field id="bankAccount-number" label={t('银行卡号', 'Account number')} error={errorOf('bankAccount.number')}>
            {input('bankAccount-number', draft.bankAccount.number, (v) => update((d) => ({ ...d, bankAccount: { ...d.bankAccount, number: v.replace(/\s/g, '') } }), 'bankAccount.number'), { inputMode: 'numeric', autocomplete: 'off' })}
          </Field>
        </>
      )}

      {draft.step === 4 && (
        <>
          <p class="hint">{t('请写下您将交给工会的材料名称（原件在初审时核对）。', 'Name the documents you will hand to your union (originals are checked at first review).')}</p>
          <Field id="admission-letter" label={t('录取通知书', 'Admission letter')}>
            {input('admission-letter', draft.admissionLetter, (v) => update((d) => ({ ...d, admissionLetter: v }), 'attachments'))}
          </Field>
          <Field id="hardship-proof" label={t('困难证明（如有）', 'Proof of hardship (if any)')}>
            {input('hardship-proof', draft.hardshipProof, (v) => update((d) => ({ ...d, hardshipProof: v }), 'attachments'))}
          </Field>
        </>
      )}

      {draft.step === 5 && (
        <dl class="summary">
          <dt>{t('家庭类别', 'Family category')}</dt>
          <dd>{draft.category ? t(...categoryText[draft.category as keyof typeof categoryText]) : ''}</dd>
          <dt>{t('家庭人口 / 年收入', 'Household / income')}</dt>
          <dd>{draft.householdSize} {t('人', 'people')} · {formatYuan(yuanToFen(draft.incomeYuan) ?? 0)}</dd>
          <dt>{t('子女', 'Child')}</dt>
          <dd>{draft.child.name} · {draft.child.school} · {t(...levelText[draft.child.level as keyof typeof levelText])} · {draft.child.admissionYear}</dd>
          <dt>{t('收款账户', 'Bank account')}</dt>
          <dd>{draft.bankAccount.holder} · {draft.bankAccount.bank} · ****{draft.bankAccount.number.slice(-4)}</dd>
        </dl>
      )}

      <div class="actions">
        {draft.step > 0 && <button class="secondary" onClick={() => setDraft((d) => ({ ...d, step: d.step - 1 }))}>{t('上一步', 'Back')}</button>}
        {draft.step < steps.length - 1 && <button onClick={next}>{t('下一步', 'Next')}</button>}
        {draft.step === steps.length - 1 && <button onClick={submit} disabled={sending || Object.keys(problems).length > 0}>{sending ? t('提交中…', 'Sending…') : t('提交申请', 'Send the application')}</button>}
      </div>
    </main>
  );
}
