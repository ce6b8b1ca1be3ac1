import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api.ts';
import { Empty, ErrorBox, Field, Loading, ScrollBox } from '../../components.tsx';
import { formatYuan } from '../../format.ts';
import { programName, programNames, t, when } from '../../i18n.ts';
import { BatchStatusText, FinancePage } from './shared.tsx';
import type { BankFormatId, PayerAccount } from '../../../../functions/domain/finance/bank-formats/index.ts';
import type { PaymentBatch } from '../../../../functions/store/payments.ts';
import { OrgUnitSelect, UnitName } from '../../org-units.tsx';
import { useGet } from '../../use-get.ts';

const formatNames: Record<BankFormatId, [string, string]> = {
  generic: ['通用 CSV（可用 Excel 打开核对）', 'Generic CSV (opens in Excel)'],
  'icbc-batch-payment': ['中国工商银行 企业网银“批量支付”', 'ICBC corporate banking “batch payment”'],
};

/** The paying account's fields, for bank formats that name it on every line. */
function PayerFields(props: { payer: PayerAccount; onChange: (payer: PayerAccount) => void; errors: Record<string, string | undefined> }) {
  const field = (key: keyof PayerAccount, label: string, hint?: string) => (
    <Field id={`payer-${key}`} label={label} hint={hint} error={props.errors[`payer.${key}`]}>
      <input id={`payer-${key}`} value={props.payer[key]} inputMode={key === 'accountNumber' ? 'numeric' : undefined} onInput={(e) => props.onChange({ ...props.payer, [key]: (e.currentTarget as HTMLInputElement).value })} />
    </Field>
  );
  return (
    <fieldset class="form-row">
      <legend>{t('付款账户（本会的对公账户）', 'Paying account (the union’s own)')}</legend>
      {field('accountNumber', t('付款账号', 'Account number'), t('沿用上一个工行批次的账户，可修改', 'Taken from the last ICBC batch; change it if needed'))}
      {field('accountName', t('付款账号名称', 'Account name'))}
      {field('bank', t('付款账号开户行', 'Bank branch'))}
    </fieldset>
  );
}

/** Gathers approved, unpaid instructions into a batch, then opens it. */
function CreateBatch(props: { lastPayer?: PayerAccount }) {
  const [program, setProgram] = useState('');
  const [orgUnit, setOrgUnit] = useState('');
  const [bankFormat, setBankFormat] = useState<BankFormatId>('generic');
  const [payer, setPayer] = useState<PayerAccount>();
  const [error, setError] = useState<string>();
  const [orgUnitError, setOrgUnitError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string | undefined>>({});
  const [busy, setBusy] = useState(false);
  const shownPayer = payer ?? props.lastPayer ?? { accountNumber: '', accountName: '', bank: '' };

  async function create(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setOrgUnitError(undefined);
    setFieldErrors({});
    try {
      const batch = await api<PaymentBatch>('POST', '/payment-batches', {
        ...(program ? { program } : {}),
        ...(orgUnit.trim() ? { orgUnit: orgUnit.trim() } : {}),
        bankFormat,
        ...(bankFormat === 'generic' ? {} : { payer: shownPayer }),
      });
      location.hash = `#/finance/batches/${batch.batchId}`;
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(
        caught.code === 'NOTHING_TO_PAY'
          ? `${caught.message}${t('。审批通过、进入“发放中”的申请才有付款指令；已在其他批次中的不会重复收入。', '. Only approved applications being paid have instructions, and each goes into one batch only.')}`
          : caught.message,
      );
      setOrgUnitError(caught.fields.find((field) => field.path === 'orgUnit')?.message);
      setFieldErrors(Object.fromEntries(caught.fields.map((field) => [field.path, field.message])));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card" onSubmit={create} aria-labelledby="create-batch" noValidate>
      <h2 id="create-batch">{t('生成付款批次', 'Create a payment batch')}</h2>
      <p class="muted">{t('把所有已批准、尚未发放的付款指令收入一个批次。批次须由另一位财务人员放行后，才能下载银行转账文件。', 'Gathers every approved payment not yet in a batch. Another finance user must release the batch before its bank transfer file can be downloaded.')}</p>
      <ErrorBox message={error} />
      <div class="form-row">
        <Field id="batch-program" label={t('项目', 'Program')}>
          <select id="batch-program" value={program} onChange={(e) => setProgram((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('全部项目', 'All programs')}</option>
            {Object.keys(programNames).map((key) => <option key={key} value={key}>{programName(key)}</option>)}
          </select>
        </Field>
        <OrgUnitSelect id="batch-orgUnit" label={t('组织', 'Org unit')} hint={t('选定组织时包含其下属组织', 'A unit includes the units below it')} error={orgUnitError} value={orgUnit} onChange={setOrgUnit} anyLabel={t('全部组织', 'All org units')} />
        <Field id="batch-format" label={t('银行文件格式', 'Bank file format')} hint={t('按付款银行的导入格式选择', 'Choose the import format of the paying bank')}>
          <select id="batch-format" value={bankFormat} onChange={(e) => setBankFormat((e.currentTarget as HTMLSelectElement).value as BankFormatId)}>
            {(Object.keys(formatNames) as BankFormatId[]).map((key) => <option key={key} value={key}>{t(...formatNames[key])}</option>)}
          </select>
        </Field>
      </div>
      {bankFormat !== 'generic' && <PayerFields payer={shownPayer} onChange={setPayer} errors={{ ...fieldErrors, ...(fieldErrors.payer ? { 'payer.accountNumber': fieldErrors.payer } : {}) }} />}
      <button type="submit" disabled={busy}>{busy ? t('正在生成…', 'Creating…') : t('生成批次', 'Create the batch')}</button>
    </form>
  );
}

export function Batches() {
  const list = useGet<{ items: PaymentBatch[] }>('/payment-batches');
  const batches = list.data?.items;
  const error = list.error;
  return (
    <FinancePage section="batches" title={t('付款批次', 'Payment batches')}>
      <CreateBatch lastPayer={batches?.find((batch) => batch.payer)?.payer} />
      <h2>{t('最近的批次', 'Recent batches')}</h2>
      <ErrorBox message={error && t(`无法读取付款批次：${error}。请稍后刷新重试。`, `Could not load the batches: ${error}. Refresh to try again.`)} />
      {!batches && !error && <Loading />}
      {batches?.length === 0 && <Empty>{t('还没有付款批次。有已批准的付款时，用上面的表单生成第一个批次。', 'No batches yet. When approved payments are waiting, create the first batch above.')}</Empty>}
      {batches && batches.length > 0 && (
        <ScrollBox label={t('付款批次，最新的在前', 'Payment batches, newest first')}>
          <table class="data">
            <caption class="visually-hidden">{t('付款批次，最新的在前', 'Payment batches, newest first')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('批次号', 'Batch')}</th>
                <th scope="col">{t('生成时间', 'Created')}</th>
                <th scope="col">{t('范围', 'Scope')}</th>
                <th scope="col" class="num">{t('笔数', 'Payments')}</th>
                <th scope="col" class="num">{t('金额', 'Total')}</th>
                <th scope="col">{t('状态', 'Status')}</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((batch) => (
                <tr key={batch.batchId}>
                  <th scope="row"><a class="reference" href={`#/finance/batches/${batch.batchId}`}>{batch.batchId}</a></th>
                  <td>{when(batch.createdAt)} <span class="muted">· {batch.createdBy.name}</span></td>
                  <td>{batch.program ? programName(batch.program) : t('全部项目', 'All programs')}{batch.orgUnit ? <> · <UnitName id={batch.orgUnit} /></> : ''}</td>
                  <td class="num">{batch.count}</td>
                  <td class="num">{formatYuan(batch.totalFen)}</td>
                  <td><BatchStatusText batch={batch} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </FinancePage>
  );
}
