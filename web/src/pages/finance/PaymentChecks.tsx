import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api.ts';
import { Empty, ErrorBox, Field, Loading, ScrollBox } from '../../components.tsx';
import { formatYuan } from '../../format.ts';
import { programName, say, t, when } from '../../i18n.ts';
import { ruleClasses, ruleClassNames, type RuleClass, type RuleSettings } from '../../../../functions/domain/finance/payment-rules.ts';
import type { PaymentInstructionItem } from '../../../../functions/store/types.ts';
import { UnitName } from '../../org-units.tsx';
import { useGet } from '../../use-get.ts';
import { FinancePage } from './shared.tsx';

type ShownResult = { class: RuleClass; passed: boolean; severity: 'warn' | 'block'; message: string };
type Instruction = Omit<PaymentInstructionItem, 'blocked'> & { blocked?: { at: string; results: ShownResult[] }; trail?: { seq: number; at: string; actionName: string; actor: { name: string }; reason?: string }[] };

/** The rule classes that failed, each with what it found. */
export function FailedChecks(props: { results: ShownResult[] }) {
  const failed = props.results.filter((result) => !result.passed);
  if (failed.length === 0) return <span class="muted small">{t('六类规则均通过', 'All six rule classes passed')}</span>;
  return (
    <ul class="rule-results">
      {failed.map((result) => (
        <li key={result.class} class={`rule-${result.severity}`}>
          <strong>{say(ruleClassNames[result.class])}·{result.severity === 'block' ? t('拦截', 'blocks') : t('警示', 'warns')}</strong> {result.message}
        </li>
      ))}
    </ul>
  );
}

/** One blocked or held payment, with what finance can do about it. */
function InstructionCard(props: { instruction: Instruction; onChanged: () => void }) {
  const { instruction } = props;
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string>();
  const path = `/payment-instructions/${encodeURIComponent(instruction.instructionId)}`;
  async function act(event: Event, hold: boolean) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', `${path}/${hold ? 'hold' : 'release-hold'}`, hold ? { comment: comment.trim() } : undefined);
      props.onChanged();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.fields.find((field) => field.path === 'comment')?.message ?? caught.message);
    }
  }
  const id = instruction.instructionId;
  return (
    <li class="card">
      <p>
        <a class="reference" href={`#/applications/${instruction.applicationId}`}>{id}</a> · {instruction.payeeName} · {programName(instruction.program)} · <UnitName id={instruction.orgUnit} /> · <strong>{formatYuan(instruction.amountFen)}</strong>
      </p>
      {instruction.blocked && <FailedChecks results={instruction.blocked.results} />}
      {instruction.trail && instruction.trail.length > 0 && (
        <ol class="timeline small" aria-label={t('暂缓与恢复记录', 'Holds and releases')}>
          {instruction.trail.map((event) => <li key={event.seq}>{event.actionName} · {event.actor.name} · {when(event.at)}{event.reason ? ` · “${event.reason}”` : ''}</li>)}
        </ol>
      )}
      {instruction.hold ? (
        <form onSubmit={(event) => act(event, false)}>
          <p class="notice">{t('已暂缓：', 'Held: ')}{instruction.hold.name} · {when(instruction.hold.at)} · “{instruction.hold.comment}”</p>
          <ErrorBox message={error} />
          <button type="submit" class="secondary">{t('恢复，下次生成批次时重新审核', 'Let it go: checked again in the next batch')}</button>
        </form>
      ) : (
        <form onSubmit={(event) => act(event, true)} noValidate>
          <p class="muted small">{t('修正原因后（如追加预算、职工更正账户）再生成批次即会重新审核；或暂缓支付并说明原因。', 'Fix the cause (raise the budget, the worker corrects the account) and the next batch checks it again; or hold it with a reason.')}</p>
          <Field id={`hold-${id}`} label={t('暂缓原因', 'Reason to hold')} error={error}>
            <textarea id={`hold-${id}`} rows={2} value={comment} onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)} />
          </Field>
          <button type="submit" class="secondary">{t('暂缓支付', 'Hold the payment')}</button>
        </form>
      )}
    </li>
  );
}

/** Warn or block, per program and rule class. */
function RuleSettingsTable() {
  const { data, error, reload } = useGet<{ items: { program: string; settings: RuleSettings; updatedAt?: string; updatedBy?: { name: string } }[] }>('/payment-rules');
  const [drafts, setDrafts] = useState<Record<string, RuleSettings>>({});
  const [notice, setNotice] = useState<string>();
  const [saveError, setSaveError] = useState<string>();
  async function save(program: string, settings: RuleSettings) {
    setNotice(undefined);
    setSaveError(undefined);
    try {
      await api('PUT', `/payment-rules/${program}`, settings);
      setNotice(t(`已保存${programName(program)}的规则设置`, `Saved the rules of ${programName(program)}`));
      reload();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setSaveError(caught.message);
    }
  }
  if (error) return <ErrorBox message={t(`无法读取规则设置：${error}`, `Could not load the rule settings: ${error}`)} />;
  if (!data) return <Loading />;
  return (
    <>
      <ScrollBox label={t('各项目的付款审核规则', 'Payment audit rules per program')}>
        <table class="data">
          <caption class="visually-hidden">{t('各项目的付款审核规则', 'Payment audit rules per program')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('项目', 'Program')}</th>
              {ruleClasses.map((ruleClass) => <th scope="col" key={ruleClass}>{say(ruleClassNames[ruleClass])}</th>)}
              <th scope="col"><span class="visually-hidden">{t('保存', 'Save')}</span></th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((item) => {
              const settings = drafts[item.program] ?? item.settings;
              return (
                <tr key={item.program}>
                  <th scope="row">{programName(item.program)}{item.updatedBy && <span class="muted small block">{item.updatedBy.name} · {when(item.updatedAt)}</span>}</th>
                  {ruleClasses.map((ruleClass) => (
                    <td key={ruleClass}>
                      <select aria-label={`${programName(item.program)} ${say(ruleClassNames[ruleClass])}`} value={settings[ruleClass]} onChange={(e) => setDrafts({ ...drafts, [item.program]: { ...settings, [ruleClass]: (e.currentTarget as HTMLSelectElement).value } as RuleSettings })}>
                        <option value="block">{t('拦截', 'Block')}</option>
                        <option value="warn">{t('警示', 'Warn')}</option>
                      </select>
                    </td>
                  ))}
                  <td><button class="secondary" onClick={() => save(item.program, settings)}>{t('保存', 'Save')}<span class="visually-hidden"> {programName(item.program)}</span></button></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollBox>
      {notice && <p class="notice" role="status">{notice}</p>}
      <ErrorBox message={saveError} />
    </>
  );
}

export function PaymentChecks() {
  const blocked = useGet<{ items: Instruction[] }>('/payment-instructions?state=blocked');
  const held = useGet<{ items: Instruction[] }>('/payment-instructions?state=held');
  const reload = () => {
    blocked.reload();
    held.reload();
  };
  const list = (state: typeof blocked, empty: string) => {
    if (state.error) return <ErrorBox message={t(`无法读取：${state.error}`, `Could not load: ${state.error}`)} />;
    if (!state.data) return <Loading />;
    if (state.data.items.length === 0) return <Empty>{empty}</Empty>;
    return <ul class="cards">{state.data.items.map((instruction) => <InstructionCard key={instruction.instructionId} instruction={instruction} onChanged={reload} />)}</ul>;
  };
  return (
    <FinancePage section="checks" title={t('付款审核', 'Payment audit')}>
      <p class="muted">{t('生成批次时，每笔付款都按六类规则审核：预算、标准、单据、重复、审批权限、收款账户。“拦截”的付款不进入批次；“警示”的付款可进入批次，但放行须填写意见。', 'When a batch is prepared every payment is checked in six rule classes: budget, standard, documents, duplicates, authority and account. A payment a blocking rule fails stays out of the batch; warnings go in, and releasing the batch needs a comment.')}</p>
      <section aria-labelledby="blocked">
        <h2 id="blocked">{t('被拦截的付款', 'Blocked payments')}</h2>
        {list(blocked, t('没有被规则拦截的付款。', 'No payment is blocked.'))}
      </section>
      <section aria-labelledby="held">
        <h2 id="held">{t('暂缓的付款', 'Held payments')}</h2>
        {list(held, t('没有暂缓的付款。', 'No payment is held.'))}
      </section>
      <section aria-labelledby="rules">
        <h2 id="rules">{t('规则设置', 'Rule settings')}</h2>
        <RuleSettingsTable />
      </section>
    </FinancePage>
  );
}
