import { diseaseNames } from '../../../../functions/domain/programs/mutual-claim/diseases.ts';
import { accidentCauses, claimDocuments, mutualClaimDetails, mutualPlans } from '../../../../functions/domain/programs/mutual-claim/details.ts';
import { accidentCauseText, planText, womenCategories, womenCategoryText } from '../../code-names.ts';
import { formatYuan } from '../../format.ts';
import { nameOf, t } from '../../i18n.ts';
import { useGet } from '../../use-get.ts';
import type { DraftDocument } from '../../documents.tsx';
import { useMemo } from 'preact/hooks';
import { claimOutsideCover } from '../../../../functions/domain/programs/mutual-claim/cover.ts';
import type { MutualEnrolment } from '../../../../functions/domain/programs/types.ts';
import { attachmentsFrom, ClosingSteps, fenOrInvalid, FormShell, SelectField, TextField, Toggle, useProgramForm, wholeOrInvalid, yuanToFen, type Assisted, type BankDraft, type FormStep } from './form-kit.tsx';

const planHint: Record<(typeof mutualPlans)[number], [string, string]> = {
  'hospital-allowance': ['按住院天数给付津贴。', 'A daily allowance for days in hospital.'],
  'critical-illness': ['确诊目录内重大疾病，按份数一次性给付，每种疾病只给付一次。', 'A lump sum per unit held when a listed illness is diagnosed; each illness is paid once.'],
  'women-special': ['确诊女性特殊疾病，按疾病类别给付。', 'Paid by the category of the women’s special disease diagnosed.'],
  accident: ['意外致残、身故或住院，按伤残等级或天数给付。', 'Paid by disability grade, death, or days in hospital after an accident.'],
};

interface Draft {
  idempotencyKey: string;
  step: number;
  plan: string;
  date: string;
  admittedOn: string;
  dischargedOn: string;
  disease: string;
  womenCategory: string;
  cause: string;
  disabilityGrade: string;
  death: boolean;
  allowanceDays: string;
  billedYuan: string;
  selfPaidYuan: string;
  bankAccount: BankDraft;
  documents: DraftDocument[];
}

const emptyDraft = (holder: string): Draft => ({
  idempotencyKey: crypto.randomUUID(),
  step: 0,
  plan: '',
  date: '',
  admittedOn: '',
  dischargedOn: '',
  disease: '',
  womenCategory: '',
  cause: 'ordinary',
  disabilityGrade: '',
  death: false,
  allowanceDays: '',
  billedYuan: '',
  selfPaidYuan: '',
  bankAccount: { holder, bank: '', number: '' },
  documents: [],
});

const optional = <T,>(value: T | '' | undefined): T | undefined => (value === '' ? undefined : value);

/** Only the incident fields of the chosen plan are sent: the schema requires them per plan. */
function toDetails(draft: Draft) {
  const plan = draft.plan;
  const incident = {
    kind: plan === 'accident' ? 'accident' : 'illness',
    date: draft.date,
    ...(plan === 'hospital-allowance' ? { admittedOn: optional(draft.admittedOn), dischargedOn: optional(draft.dischargedOn) } : {}),
    ...(plan === 'critical-illness' ? { disease: optional(draft.disease) } : {}),
    ...(plan === 'women-special' ? { womenCategory: optional(draft.womenCategory) } : {}),
    ...(plan === 'accident'
      ? { cause: draft.cause, death: draft.death, disabilityGrade: wholeOrInvalid(draft.disabilityGrade), allowanceDays: wholeOrInvalid(draft.allowanceDays) }
      : {}),
  };
  return { plan: plan || undefined, incident, billedFen: fenOrInvalid(draft.billedYuan, 0), selfPaidFen: fenOrInvalid(draft.selfPaidYuan, 0), bankAccount: draft.bankAccount, attachments: attachmentsFrom(draft.documents) };
}

const steps: FormStep[] = [
  { title: ['保障计划', 'Plan'], paths: ['plan'] },
  { title: ['疾病或事故', 'Illness or accident'], paths: ['incident'] },
  { title: ['医疗费用', 'Medical costs'], paths: ['billedFen', 'selfPaidFen'] },
];

/** The mutual-claim form: which questions it asks depends on the plan claimed under. */
interface MyPlans {
  member: { mutualPlans: (MutualEnrolment & { standing?: { state: string; message: string } })[] } | null;
}

export function MutualClaimForm(props: { assisted?: Assisted } = {}) {
  // Only the plans the member record holds are offered, with their cover; a date outside it is refused here as at the API.
  // Filing for a member, those are the member's plans, not the official's.
  const me = useGet<MyPlans>(props.assisted ? `/members/${encodeURIComponent(props.assisted.member.sub)}` : '/me');
  const enrolments = me.data?.member?.mutualPlans;
  const schema = useMemo(
    () =>
      enrolments
        ? mutualClaimDetails.superRefine((details, ctx) => {
            const problem = details.incident?.date ? claimOutsideCover(details.plan, details.incident.date, enrolments) : undefined;
            if (problem) ctx.addIssue({ code: 'custom', path: problem.field.split('.'), message: problem.message.en, params: problem.message });
          })
        : mutualClaimDetails,
    [enrolments],
  );
  const form = useProgramForm({ program: 'mutual-claim', schema, steps, emptyDraft, toDetails, assisted: props.assisted });
  const { draft, update } = form;
  // The listed illnesses are a policy parameter: offer the ones in force for this worker (all of them until it arrives).
  const policy = useGet<{ parameters: { plans: { 'critical-illness': { diseases: string[] } } } }>('/programs/mutual-claim/policy');
  const diseases = policy.data?.parameters.plans['critical-illness'].diseases ?? Object.keys(diseaseNames);
  const set = (change: Partial<Draft>, path: string) => update((d) => ({ ...d, ...change }), path);
  const diseaseName = (code: string): [string, string] => [diseaseNames[code]?.zh ?? code, diseaseNames[code]?.en ?? code];

  return (
    <FormShell title={t('职工互助保障理赔', 'Claim on the mutual insurance')} form={form}>
      {draft.step === 0 && (
        <fieldset>
          <legend>{props.assisted ? t('会员按哪项保障申请？', 'Which plan is the member claiming under?') : t('您按哪项保障申请？', 'Which plan are you claiming under?')}</legend>
          <p class="hint">{t('须在事故或确诊时处于保障期内；疾病类保障新参保有观察期。', 'You must have been covered on the day of the illness or accident; illness plans have a waiting period for new members.')}</p>
          {me.data && !enrolments?.length && (props.assisted
            ? <p class="empty">{t('该会员的档案里没有参加职工互助保障的记录，无法代为申请理赔。', 'This member’s record shows no mutual insurance plan, so there is nothing to claim under.')}</p>
            : <p class="empty">{t('您的会员档案里没有参加职工互助保障的记录，无法申请理赔。如有疑问，请联系所在工会。', 'Your member record shows no mutual insurance plan, so there is nothing to claim under. If in doubt, ask your union.')}</p>)}
          {mutualPlans.filter((plan) => enrolments?.some((enrolment) => enrolment.plan === plan)).map((plan) => {
            const held = enrolments!.filter((enrolment) => enrolment.plan === plan);
            return (
              <label class="choice" key={plan}>
                <input type="radio" name="plan" value={plan} checked={draft.plan === plan} onChange={() => set({ plan }, 'plan')} />
                <span>
                  <strong>{t(...planText[plan])}</strong>
                  <br />
                  <span class="muted">{t(...planHint[plan])}</span>
                  {held.map((enrolment) => (
                    <span key={enrolment.coverFrom} class="cover">
                      <br />
                      {t(`保障期：${enrolment.coverFrom} 至 ${enrolment.coverTo}`, `Cover: ${enrolment.coverFrom} to ${enrolment.coverTo}`)}
                      {enrolment.standing && t(`（${enrolment.standing.message}）`, ` (${enrolment.standing.message})`)}
                    </span>
                  ))}
                </span>
              </label>
            );
          })}
          {form.errorOf('plan') && <p class="error" role="alert">{form.errorOf('plan')}</p>}
        </fieldset>
      )}

      {draft.step === 1 && (
        <>
          <TextField form={form} id="incident-date" path="incident.date" type="date" label={draft.plan === 'accident' ? t('事故日期', 'Date of the accident') : t('确诊或发病日期', 'Date of diagnosis')} hint={t('须在该日期起两年内申请。', 'Claim within two years of this date.')} value={draft.date} onInput={(v) => set({ date: v }, 'incident.date')} />
          {draft.plan === 'hospital-allowance' && (
            <>
              <TextField form={form} id="incident-admittedOn" path="incident.admittedOn" type="date" label={t('入院日期', 'Admitted on')} value={draft.admittedOn} onInput={(v) => set({ admittedOn: v }, 'incident.admittedOn')} />
              <TextField form={form} id="incident-dischargedOn" path="incident.dischargedOn" type="date" label={t('出院日期', 'Discharged on')} value={draft.dischargedOn} onInput={(v) => set({ dischargedOn: v }, 'incident.dischargedOn')} />
            </>
          )}
          {draft.plan === 'critical-illness' && (
            <SelectField form={form} id="incident-disease" path="incident.disease" label={t('所患重大疾病', 'The listed illness diagnosed')} value={draft.disease} options={['', ...diseases]} names={Object.fromEntries([['', ['请选择', 'Choose one']], ...diseases.map((code) => [code, diseaseName(code)])])} onChange={(v) => set({ disease: v }, 'incident.disease')} />
          )}
          {draft.plan === 'women-special' && (
            <SelectField form={form} id="incident-womenCategory" path="incident.womenCategory" label={t('疾病类别', 'Disease category')} hint={t('八种女性特殊疾病分为四类，以医院诊断证明为准。', 'The eight women’s cancers fall into four categories; as on the hospital’s diagnosis.')} value={draft.womenCategory} options={['', ...womenCategories] as const} names={{ '': ['请选择', 'Choose one'], ...womenCategoryText }} onChange={(v) => set({ womenCategory: v }, 'incident.womenCategory')} />
          )}
          {draft.plan === 'accident' && (
            <>
              <SelectField form={form} id="incident-cause" path="incident.cause" label={t('事故原因', 'Cause of the accident')} hint={t('自伤、违法犯罪、酒驾、无证驾驶、战争和地震不在保障范围。', 'Self-harm, own crime, drunk or unlicensed driving, war and earthquakes are not covered.')} value={draft.cause} options={accidentCauses} names={accidentCauseText} onChange={(v) => set({ cause: v }, 'incident.cause')} />
              <TextField form={form} id="incident-disabilityGrade" path="incident.disabilityGrade" label={t('伤残等级（1–10 级，如有）', 'Disability grade (1–10, if any)')} inputMode="numeric" maxLength={2} value={draft.disabilityGrade} onInput={(v) => set({ disabilityGrade: v }, 'incident.disabilityGrade')} />
              <TextField form={form} id="incident-allowanceDays" path="incident.allowanceDays" label={t('因伤住院天数（如有）', 'Days in hospital (if any)')} inputMode="numeric" value={draft.allowanceDays} onInput={(v) => set({ allowanceDays: v }, 'incident.allowanceDays')} />
              {props.assisted ? (
                <Toggle label={t('会员因此次事故身故（由家属申请）', 'The member died in this accident (claimed by the family)')} checked={draft.death} onChange={(death) => set({ death }, 'incident.death')} />
              ) : (
                <p class="hint">{t('因事故身故的理赔不在这里申请：由家属带上材料到所在工会，由工会干部代为办理。', 'A claim for a death in an accident is not made here: the family brings the documents to your union, and an official files it for them.')}</p>
              )}
            </>
          )}
        </>
      )}

      {draft.step === 2 && (
        <>
          <p class="hint">{t('按医院票据填写；没有可填 0。', 'As on the hospital’s bills; 0 if none.')}</p>
          <TextField form={form} id="billed" path="billedFen" label={t('医疗费用总额（元）', 'Total medical bill (yuan)')} inputMode="decimal" value={draft.billedYuan} onInput={(v) => set({ billedYuan: v }, 'billedFen')} />
          <TextField form={form} id="selfPaid" path="selfPaidFen" label={t('其中个人自付（元）', 'Of which you paid yourself (yuan)')} inputMode="decimal" value={draft.selfPaidYuan} onInput={(v) => set({ selfPaidYuan: v }, 'selfPaidFen')} />
        </>
      )}

      <ClosingSteps
        program="mutual-claim"
        form={form}
        documentKinds={draft.plan === 'accident' ? claimDocuments : claimDocuments.filter((kind) => kind !== 'accident-report')}
        documentsHint={t('请上传诊断证明（必需）、住院费用票据、出院小结，意外还需事故证明。', 'Upload the diagnosis (required), the hospital bills, the discharge summary, and for an accident the accident report.')}
        summary={() => [
          [t('保障计划', 'Plan'), nameOf(planText, draft.plan)],
          [t('日期', 'Date'), [draft.date, draft.admittedOn && `${draft.admittedOn} → ${draft.dischargedOn}`].filter(Boolean).join(' · ')],
          ...(draft.plan === 'critical-illness' ? [[t('疾病', 'Illness'), t(...diseaseName(draft.disease))] as [string, string]] : []),
          [t('医疗费用 / 自付', 'Bill / self-paid'), `${formatYuan(yuanToFen(draft.billedYuan) ?? 0)} / ${formatYuan(yuanToFen(draft.selfPaidYuan) ?? 0)}`],
        ]}
      />
    </FormShell>
  );
}
