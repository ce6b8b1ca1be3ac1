import { autumnAidDetails, autumnAidCategories, autumnAidDocuments, schoolKinds, schoolLevels } from '../../../../functions/domain/programs/autumn-aid/details.ts';
import { categoryText, kindText, levelText } from '../../code-names.ts';
import { formatYuan } from '../../format.ts';
import { nameOf, shanghaiYear, t } from '../../i18n.ts';
import type { DraftDocument } from '../../documents.tsx';
import { attachmentsFrom, ClosingSteps, fenOrInvalid, FormShell, SelectField, TextField, Toggle, useProgramForm, wholeOrInvalid, yuanToFen, type Assisted, type BankDraft, type FormStep } from './form-kit.tsx';

interface Draft {
  idempotencyKey: string;
  step: number;
  category: string;
  householdSize: string;
  incomeYuan: string;
  child: { name: string; idNumber: string; school: string; schoolKind: string; level: string; admissionYear: string; otherFunding: boolean };
  bankAccount: BankDraft;
  documents: DraftDocument[];
}

const emptyDraft = (holder: string): Draft => ({
  idempotencyKey: crypto.randomUUID(),
  step: 0,
  category: '',
  householdSize: '',
  incomeYuan: '',
  child: { name: '', idNumber: '', school: '', schoolKind: 'public', level: 'undergraduate', admissionYear: String(shanghaiYear()), otherFunding: false },
  bankAccount: { holder, bank: '', number: '' },
  documents: [],
});

function toDetails(draft: Draft) {
  return {
    category: draft.category || undefined,
    household: { size: wholeOrInvalid(draft.householdSize), annualIncomeFen: fenOrInvalid(draft.incomeYuan) },
    child: { ...draft.child, admissionYear: wholeOrInvalid(draft.child.admissionYear) },
    bankAccount: draft.bankAccount,
    attachments: attachmentsFrom(draft.documents),
  };
}

const steps: FormStep[] = [
  { title: ['家庭类别', 'Family category'], paths: ['category'] },
  { title: ['家庭收入', 'Household income'], paths: ['household.size', 'household.annualIncomeFen'] },
  { title: ['子女入学', 'Child and school'], paths: ['child'] },
];

/** The autumn-aid form: for a worker whose child was admitted to school this year. */
export function AutumnAidForm(props: { assisted?: Assisted } = {}) {
  const form = useProgramForm({ program: 'autumn-aid', schema: autumnAidDetails, steps, emptyDraft, toDetails, assisted: props.assisted });
  const { draft, update } = form;
  const child = (change: Partial<Draft['child']>, path: string) => update((d) => ({ ...d, child: { ...d.child, ...change } }), path);

  return (
    <FormShell title={t('金秋助学申请', 'Apply for autumn education aid')} form={form}>
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
          {form.errorOf('category') && <p class="error" role="alert">{form.errorOf('category')}</p>}
        </fieldset>
      )}

      {draft.step === 1 && (
        <>
          <TextField form={form} id="household-size" path="household.size" label={t('家庭人口（人）', 'People in the household')} inputMode="numeric" value={draft.householdSize} onInput={(v) => update((d) => ({ ...d, householdSize: v }), 'household.size')} />
          <TextField
            form={form}
            id="household-annualIncomeFen"
            path="household.annualIncomeFen"
            label={t('家庭上年总收入（元）', 'Household income last year (yuan)')}
            hint={t('人均收入低于当地低保标准的 3 倍可申请；建档困难职工以档案为准。', 'Income per head must be below 3 × the local dibao; filed families qualify by their file.')}
            inputMode="decimal"
            value={draft.incomeYuan}
            onInput={(v) => update((d) => ({ ...d, incomeYuan: v }), 'household.annualIncomeFen')}
          />
        </>
      )}

      {draft.step === 2 && (
        <>
          <TextField form={form} id="child-name" path="child.name" label={t('子女姓名', 'Child’s name')} value={draft.child.name} onInput={(v) => child({ name: v }, 'child.name')} />
          <TextField form={form} id="child-idNumber" path="child.idNumber" label={t('子女身份证号', 'Child’s resident ID number')} hint={t('18 位，最后一位可能是 X。', '18 characters; the last may be X.')} maxLength={18} value={draft.child.idNumber} onInput={(v) => child({ idNumber: v.trim() }, 'child.idNumber')} />
          <TextField form={form} id="child-school" path="child.school" label={t('录取院校', 'School admitted to')} value={draft.child.school} onInput={(v) => child({ school: v }, 'child.school')} />
          <SelectField form={form} id="child-level" path="child.level" label={t('学历层次', 'Level')} value={draft.child.level} options={schoolLevels} names={levelText} onChange={(v) => child({ level: v }, 'child.level')} />
          <SelectField
            form={form}
            id="child-schoolKind"
            path="child.schoolKind"
            label={t('院校类型', 'Kind of school')}
            hint={t('军校、免费师范生、定向生、高收费民办、自费留学和中外合作办学不在资助范围。', 'Military academies, free teacher training, commissioned places, high-fee private schools, self-funded study abroad and Sino-foreign programmes are not funded.')}
            value={draft.child.schoolKind}
            options={schoolKinds}
            names={kindText}
            onChange={(v) => child({ schoolKind: v }, 'child.schoolKind')}
          />
          <TextField form={form} id="child-admissionYear" path="child.admissionYear" label={t('录取年份', 'Year of admission')} hint={t('只资助本年度新录取的学生。', 'Only students admitted this year are funded.')} inputMode="numeric" maxLength={4} value={draft.child.admissionYear} onInput={(v) => child({ admissionYear: v }, 'child.admissionYear')} />
          <Toggle label={t('本年度已获其他政府或社会资助', 'Funded by another government or social body this year')} checked={draft.child.otherFunding} onChange={(v) => child({ otherFunding: v }, 'child.otherFunding')} />
        </>
      )}

      <ClosingSteps
        program="autumn-aid"
        form={form}
        documentKinds={autumnAidDocuments}
        documentsHint={t('请拍下或选择录取通知书（必需）；困难证明如有请一并上传。原件在初审时核对。', 'Take or choose a photo of the admission letter (required); add a proof of hardship if you have one. Originals are checked at first review.')}
        summary={() => [
          [t('家庭类别', 'Family category'), nameOf(categoryText, draft.category)],
          [t('家庭人口 / 年收入', 'Household / income'), `${draft.householdSize} ${t('人', 'people')} · ${formatYuan(yuanToFen(draft.incomeYuan) ?? 0)}`],
          [t('子女', 'Child'), `${draft.child.name} · ${draft.child.school} · ${nameOf(levelText, draft.child.level)} · ${draft.child.admissionYear}`],
        ]}
      />
    </FormShell>
  );
}
