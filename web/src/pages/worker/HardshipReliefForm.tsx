import { aidKinds, causes, conditions, hardshipDocuments, hardshipReliefDetails, relations, studentLevels } from '../../../../functions/domain/programs/hardship-relief/details.ts';
import { aidKindText, causeText, conditionText, relationText, studentLevelText } from '../../code-names.ts';
import { formatYuan } from '../../format.ts';
import { nameOf, t } from '../../i18n.ts';
import type { DraftDocument } from '../../documents.tsx';
import { attachmentsFrom, ClosingSteps, fenOrInvalid, FormShell, SelectField, TextField, Toggle, useProgramForm, wholeOrInvalid, yuanToFen, type Assisted, type BankDraft, type FormStep } from './form-kit.tsx';

const assetQuestions: [keyof Draft['assets'], [string, string]][] = [
  ['ownsBusiness', ['家庭成员开办企业或个体经营', 'Someone in the household runs a business']],
  ['employsStaff', ['家庭雇用他人从事经营', 'The household employs others in a business']],
  ['vehicleInRegularUse', ['家中有经常使用的机动车', 'The household uses a motor vehicle regularly']],
  ['driverByTrade', ['该车是谋生工具（如网约车、货车司机）', 'The vehicle is how someone earns a living (e.g. a driver)']],
  ['childAtHighFeePrivateSchool', ['子女就读高收费私立学校', 'A child attends a high-fee private school']],
  ['childSelfFundedAbroad', ['子女自费出国留学', 'A child studies abroad at own expense']],
];

interface MemberDraft {
  relation: (typeof relations)[number];
  name: string;
  age: string;
  incomeYuan: string;
  condition: (typeof conditions)[number];
}

interface Draft {
  idempotencyKey: string;
  step: number;
  members: MemberDraft[];
  rigidYuan: string;
  accidentYuan: string;
  compensationYuan: string;
  homes: string;
  assets: { ownsBusiness: boolean; employsStaff: boolean; vehicleInRegularUse: boolean; driverByTrade: boolean; childAtHighFeePrivateSchool: boolean; childSelfFundedAbroad: boolean };
  mainCause: string;
  secondaryCauses: string[];
  aidKinds: string[];
  medicalYuan: string;
  students: (typeof studentLevels)[number][];
  bankAccount: BankDraft;
  documents: DraftDocument[];
}

const emptyDraft = (holder: string): Draft => ({
  idempotencyKey: crypto.randomUUID(),
  step: 0,
  members: [{ relation: 'self', name: holder, age: '', incomeYuan: '', condition: 'none' }],
  rigidYuan: '',
  accidentYuan: '',
  compensationYuan: '',
  homes: '1',
  assets: { ownsBusiness: false, employsStaff: false, vehicleInRegularUse: false, driverByTrade: false, childAtHighFeePrivateSchool: false, childSelfFundedAbroad: false },
  mainCause: '',
  secondaryCauses: [],
  aidKinds: [],
  medicalYuan: '',
  students: [],
  bankAccount: { holder, bank: '', number: '' },
  documents: [],
});


function toDetails(draft: Draft) {
  return {
    household: {
      members: draft.members.map((member) => ({ relation: member.relation, name: member.name, age: wholeOrInvalid(member.age), annualIncomeFen: fenOrInvalid(member.incomeYuan, 0), condition: member.condition })),
      rigidExpenditureFen: fenOrInvalid(draft.rigidYuan, 0),
      accidentCostFen: fenOrInvalid(draft.accidentYuan, 0),
      compensationFen: fenOrInvalid(draft.compensationYuan, 0),
    },
    assets: { homes: wholeOrInvalid(draft.homes), ...draft.assets },
    causes: { main: draft.mainCause || undefined, secondary: draft.secondaryCauses },
    aidKinds: draft.aidKinds,
    medicalSelfPaidFen: draft.aidKinds.includes('medical') ? fenOrInvalid(draft.medicalYuan, 0) : 0,
    students: draft.aidKinds.includes('schooling') ? draft.students.map((level) => ({ level })) : [],
    bankAccount: draft.bankAccount,
    attachments: attachmentsFrom(draft.documents),
  };
}

const steps: FormStep[] = [
  { title: ['家庭成员', 'Household'], paths: ['household.members'] },
  { title: ['支出与意外', 'Costs and accidents'], paths: ['household.rigidExpenditureFen', 'household.accidentCostFen', 'household.compensationFen'] },
  { title: ['家庭财产', 'Assets'], paths: ['assets'] },
  { title: ['困难原因与救助', 'Causes and aid'], paths: ['causes', 'aidKinds', 'medicalSelfPaidFen', 'students'] },
];

const toggled = (list: string[], value: string, on: boolean) => (on ? [...new Set([...list, value])] : list.filter((item) => item !== value));

/** The hardship-relief form: the household and its income decide the tier (深度 / 相对 / 意外致困). */
export function HardshipReliefForm(props: { assisted?: Assisted } = {}) {
  const form = useProgramForm({ program: 'hardship-relief', schema: hardshipReliefDetails, steps, emptyDraft, toDetails, assisted: props.assisted });
  const { draft, update } = form;
  const member = (index: number, change: Partial<MemberDraft>, field: string) =>
    update((d) => ({ ...d, members: d.members.map((m, i) => (i === index ? { ...m, ...change } : m)) }), `household.members.${index}.${field}`);
  const totalIncome = draft.members.reduce((sum, m) => sum + (yuanToFen(m.incomeYuan) ?? 0), 0);

  return (
    <FormShell title={t('困难职工帮扶申请', 'Apply for hardship relief')} form={form}>
      {draft.step === 0 && (
        <>
          <p class="hint">
            {t(
              '请列出共同生活的全部家庭成员及其上年收入（工资、经营、养老金等）。帮扶档次按家庭人均月收入与当地低保标准比较确定。',
              'List everyone living in the household with last year’s income (wages, business, pensions…). The tier compares income per head per month with the local dibao.',
            )}
          </p>
          {form.errorOf('household.members') && <p class="error" role="alert">{form.errorOf('household.members')}</p>}
          {draft.members.map((m, index) => (
            <fieldset class="card member" key={index}>
              <legend>{t(`家庭成员 ${index + 1}`, `Household member ${index + 1}`)}</legend>
              <SelectField form={form} id={`member-${index}-relation`} path={`household.members.${index}.relation`} label={t('与本人关系', 'Relation to you')} value={m.relation} options={relations} names={relationText} onChange={(v) => member(index, { relation: v }, 'relation')} />
              <TextField form={form} id={`member-${index}-name`} path={`household.members.${index}.name`} label={t('姓名', 'Name')} value={m.name} onInput={(v) => member(index, { name: v }, 'name')} />
              <TextField form={form} id={`member-${index}-age`} path={`household.members.${index}.age`} label={t('年龄', 'Age')} inputMode="numeric" maxLength={3} value={m.age} onInput={(v) => member(index, { age: v }, 'age')} />
              <TextField form={form} id={`member-${index}-income`} path={`household.members.${index}.annualIncomeFen`} label={t('上年收入（元）', 'Income last year (yuan)')} hint={t('没有收入填 0。', 'Enter 0 if none.')} inputMode="decimal" value={m.incomeYuan} onInput={(v) => member(index, { incomeYuan: v }, 'annualIncomeFen')} />
              <SelectField form={form} id={`member-${index}-condition`} path={`household.members.${index}.condition`} label={t('健康状况', 'Health')} value={m.condition} options={conditions} names={conditionText} onChange={(v) => member(index, { condition: v }, 'condition')} />
              {draft.members.length > 1 && (
                <button class="secondary" onClick={() => update((d) => ({ ...d, members: d.members.filter((_, i) => i !== index) }), 'household.members')}>
                  {t('删除此成员', 'Remove this member')}
                </button>
              )}
            </fieldset>
          ))}
          <button class="secondary" onClick={() => update((d) => ({ ...d, members: [...d.members, { relation: 'spouse', name: '', age: '', incomeYuan: '', condition: 'none' }] }), 'household.members')}>
            {t('＋ 添加家庭成员', '+ Add a household member')}
          </button>
          <p class="muted">{t(`全家上年收入合计 ${formatYuan(totalIncome)}，共 ${draft.members.length} 人。`, `Household income last year ${formatYuan(totalIncome)}, ${draft.members.length} people.`)}</p>
        </>
      )}

      {draft.step === 1 && (
        <>
          <TextField form={form} id="rigid" path="household.rigidExpenditureFen" label={t('上年刚性支出（元）', 'Unavoidable costs last year (yuan)')} hint={t('如自付医疗费、子女学费等必须的支出，从收入中扣除后计算人均收入；没有填 0。', 'Such as self-paid medical bills and school fees; they are taken off income before the per-head figure. Enter 0 if none.')} inputMode="decimal" value={draft.rigidYuan} onInput={(v) => update((d) => ({ ...d, rigidYuan: v }), 'household.rigidExpenditureFen')} />
          <TextField form={form} id="accident" path="household.accidentCostFen" label={t('本年因意外、灾害的支出（元）', 'Costs of an accident or disaster this year (yuan)')} hint={t('突发事件支出扣除赔偿后超过家庭年收入一定比例的，可认定为意外致困。', 'If these costs, less compensation, exceed a share of the household’s income, the household counts as in hardship by accident.')} inputMode="decimal" value={draft.accidentYuan} onInput={(v) => update((d) => ({ ...d, accidentYuan: v }), 'household.accidentCostFen')} />
          <TextField form={form} id="compensation" path="household.compensationFen" label={t('已获赔偿或保险（元）', 'Compensation or insurance received (yuan)')} inputMode="decimal" value={draft.compensationYuan} onInput={(v) => update((d) => ({ ...d, compensationYuan: v }), 'household.compensationFen')} />
        </>
      )}

      {draft.step === 2 && (
        <>
          <p class="hint">{t('以下情况之一的家庭一般不能认定为困难职工家庭。请如实填写，工会将入户核实。', 'Households in any of these situations usually cannot be recognised as in hardship. Answer truthfully; your union will visit to check.')}</p>
          <TextField form={form} id="homes" path="assets.homes" label={t('家庭拥有住房（套）', 'Homes the household owns')} inputMode="numeric" maxLength={2} value={draft.homes} onInput={(v) => update((d) => ({ ...d, homes: v }), 'assets.homes')} />
          {assetQuestions.map(([key, label]) => (
            <Toggle key={key} label={t(...label)} checked={draft.assets[key]} onChange={(v) => update((d) => ({ ...d, assets: { ...d.assets, [key]: v } }), `assets.${key}`)} />
          ))}
        </>
      )}

      {draft.step === 3 && (
        <>
          <SelectField form={form} id="cause-main" path="causes.main" label={t('主要致困原因', 'Main cause of hardship')} value={draft.mainCause} options={['', ...causes] as const} names={{ '': ['请选择', 'Choose one'], ...causeText }} onChange={(v) => update((d) => ({ ...d, mainCause: v }), 'causes.main')} />
          <fieldset>
            <legend>{t('其他原因（可多选）', 'Other causes (any that apply)')}</legend>
            {causes.filter((cause) => cause !== draft.mainCause).map((cause) => (
              <Toggle key={cause} label={t(...causeText[cause])} checked={draft.secondaryCauses.includes(cause)} onChange={(v) => update((d) => ({ ...d, secondaryCauses: toggled(d.secondaryCauses, cause, v) }), 'causes.secondary')} />
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('申请的救助类别（可多选）', 'Kinds of aid you ask for (any that apply)')}</legend>
            <p class="hint">{t('每类救助按档次定额发放，本年已获得的同类救助会扣除。', 'Each kind is a fixed sum by tier, less what you received of that kind this year.')}</p>
            {aidKinds.map((kind) => (
              <Toggle key={kind} label={t(...aidKindText[kind])} checked={draft.aidKinds.includes(kind)} onChange={(v) => update((d) => ({ ...d, aidKinds: toggled(d.aidKinds, kind, v) }), 'aidKinds')} />
            ))}
            {form.errorOf('aidKinds') && <p class="error" role="alert">{form.errorOf('aidKinds')}</p>}
          </fieldset>
          {draft.aidKinds.includes('medical') && (
            <TextField form={form} id="medical" path="medicalSelfPaidFen" label={t('本年自付医疗费用（元）', 'Self-paid medical costs this year (yuan)')} inputMode="decimal" value={draft.medicalYuan} onInput={(v) => update((d) => ({ ...d, medicalYuan: v }), 'medicalSelfPaidFen')} />
          )}
          {draft.aidKinds.includes('schooling') && (
            <fieldset>
              <legend>{t('在读学生', 'Students in the household')}</legend>
              {draft.students.map((level, index) => (
                <div class="row" key={index}>
                  <SelectField form={form} id={`student-${index}`} path={`students.${index}.level`} label={t(`学生 ${index + 1}`, `Student ${index + 1}`)} value={level} options={studentLevels} names={studentLevelText} onChange={(v) => update((d) => ({ ...d, students: d.students.map((s, i) => (i === index ? v : s)) }), 'students')} />
                  <button class="secondary" onClick={() => update((d) => ({ ...d, students: d.students.filter((_, i) => i !== index) }), 'students')}>{t('删除', 'Remove')}</button>
                </div>
              ))}
              <button class="secondary" onClick={() => update((d) => ({ ...d, students: [...d.students, 'higher-education'] }), 'students')}>{t('＋ 添加在读学生', '+ Add a student')}</button>
              {form.errorOf('students') && <p class="error" role="alert">{form.errorOf('students')}</p>}
            </fieldset>
          )}
        </>
      )}

      <ClosingSteps
        program="hardship-relief"
        form={form}
        documentKinds={hardshipDocuments}
        documentsHint={t('请上传家庭收入证明（必需）和困难证明；申请医疗救助的还需医疗费用票据。工会将入户核实。', 'Upload the proof of household income (required) and of hardship; for medical aid also the medical bills. Your union will visit to check.')}
        summary={() => [
          [t('家庭成员', 'Household'), draft.members.map((m) => `${t(...relationText[m.relation])} ${m.name}（${formatYuan(yuanToFen(m.incomeYuan) ?? 0)}）`).join('、')],
          [t('刚性支出 / 意外支出 / 赔偿', 'Costs / accident costs / compensation'), [draft.rigidYuan, draft.accidentYuan, draft.compensationYuan].map((v) => formatYuan(yuanToFen(v) ?? 0)).join(' / ')],
          [t('住房', 'Homes'), draft.homes],
          [t('主要致困原因', 'Main cause'), nameOf(causeText, draft.mainCause)],
          [t('救助类别', 'Kinds of aid'), draft.aidKinds.map((kind) => nameOf(aidKindText, kind)).join('、')],
        ]}
      />
    </FormShell>
  );
}
