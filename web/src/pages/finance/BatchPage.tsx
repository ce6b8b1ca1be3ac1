import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, download, postText } from '../../api.ts';
import { Empty, ErrorBox, Field, Loading } from '../../components.tsx';
import { formatYuan } from '../../format.ts';
import { programName, t, when } from '../../i18n.ts';
import { lineClasses, type LineClass, type ReconciledLine } from '../../../../functions/domain/finance/reconcile.ts';
import type { BatchItem, PaymentBatch, StoredReconciliation } from '../../../../functions/store/payments.ts';
import { className, FinancePage, lineAdvice } from './shared.tsx';
import { UnitName } from '../../org-units.tsx';
import { useGet } from '../../use-get.ts';

/** A reconciliation as the API shows it: the reader sees why a line could not be read as its reason. */
type Reconciliation = StoredReconciliation & { lines: Omit<ReconciledLine, 'problem'>[] };
type BatchInstruction = Omit<BatchItem, 'batchId' | 'attempt' | 'year'>;

/** The application an instruction pays: its id is the application's plus "-P" and the attempt. */
const applicationOf = (instructionId: string) => instructionId.replace(/-P\d+$/, '');

/** The latest reconciliation of the batch, line by line, filtered by class on the server. */
function ReconciliationView(props: { batchId: string; version: number }) {
  const [filter, setFilter] = useState<LineClass | ''>('');
  const [reconciliation, setReconciliation] = useState<Reconciliation | null>();
  const [totals, setTotals] = useState<Reconciliation['totals']>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    setError(undefined);
    api<Reconciliation>('GET', `/reconciliations/${props.batchId}${filter ? `?class=${filter}` : ''}`)
      .then((found) => {
        setReconciliation(found);
        setTotals(found.totals);
      })
      .catch((caught: Error) => (caught instanceof ApiError && caught.status === 404 ? setReconciliation(null) : setError(caught.message)));
  }, [props.batchId, props.version, filter]);

  if (error) return <ErrorBox message={t(`无法读取对账结果：${error}。请刷新重试。`, `Could not load the reconciliation: ${error}. Refresh to try again.`)} />;
  if (reconciliation === undefined) return <Loading />;
  if (reconciliation === null) return <Empty>{t('尚未对账。银行返回回单后，在上方上传即可逐笔对账。', 'Not reconciled yet. When the bank returns its result file, upload it above.')}</Empty>;
  const present = lineClasses.filter((lineClass) => (totals?.[lineClass]?.count ?? 0) > 0);
  return (
    <>
      <p class="muted">{t('最近一次导入：', 'Last imported ')}{when(reconciliation.importedAt)} · {reconciliation.importedBy.name} · {t(`共 ${reconciliation.lineCount} 行`, `${reconciliation.lineCount} lines`)}</p>
      <ul class="totals">
        {present.map((lineClass) => (
          <li key={lineClass} class={`class-${lineClass}`}>
            <span>{className(lineClass)}</span>
            <strong>{totals?.[lineClass].count}</strong>
            <span class="small">{formatYuan(totals?.[lineClass].fen ?? 0)}</span>
          </li>
        ))}
      </ul>
      <div class="toolbar">
        <Field id="line-filter" label={t('只看', 'Show')}>
          <select id="line-filter" value={filter} onChange={(e) => setFilter((e.currentTarget as HTMLSelectElement).value as LineClass | '')}>
            <option value="">{t('全部行', 'All lines')}</option>
            {present.map((lineClass) => <option key={lineClass} value={lineClass}>{className(lineClass)} ({totals?.[lineClass].count})</option>)}
          </select>
        </Field>
      </div>
      <p class="muted small" aria-live="polite">{filter ? t(`显示“${className(filter)}” ${reconciliation.lines.length} 行`, `Showing ${reconciliation.lines.length} “${className(filter)}” line(s)`) : t(`显示全部 ${reconciliation.lines.length} 行`, `Showing all ${reconciliation.lines.length} lines`)}</p>
      {reconciliation.lines.length === 0 ? (
        <Empty>{t('没有这一类的行。', 'No lines of this kind.')}</Empty>
      ) : (
        <table class="data">
          <caption class="visually-hidden">{t('对账明细', 'Reconciliation lines')}</caption>
          <thead>
            <tr>
              <th scope="col" class="num">{t('行号', 'Line')}</th>
              <th scope="col">{t('指令编号', 'Instruction')}</th>
              <th scope="col">{t('结果', 'Result')}</th>
              <th scope="col" class="num">{t('金额', 'Amount')}</th>
              <th scope="col">{t('说明与处理', 'Details and what to do')}</th>
            </tr>
          </thead>
          <tbody>
            {reconciliation.lines.map((line, index) => (
              <tr key={`${line.lineNo ?? 'missing'}-${index}`}>
                <td class="num">{line.lineNo ?? '—'}</td>
                <td class="reference">{line.instructionId ? <a href={`#/applications/${applicationOf(line.instructionId)}`}>{line.instructionId}</a> : '—'}</td>
                <td><span class={`line-class class-${line.class}`}>{className(line.class)}</span></td>
                <td class="num">
                  {formatYuan(line.amountFen)}
                  {line.expectedFen !== undefined && <span class="muted small block">{t('应为 ', 'expected ')}{formatYuan(line.expectedFen)}</span>}
                </td>
                <td>
                  {line.reason && <span class="block">{line.reason}</span>}
                  {line.reference && <span class="muted small block">{t('银行流水号 ', 'Bank reference ')}{line.reference}</span>}
                  {lineAdvice(line.class) && <span class="small block">{lineAdvice(line.class)}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** Banks export UTF-8 or, often, GBK: read it as UTF-8 if it is valid, else as GB18030 (a superset of GBK). */
async function readBankFile(file: File): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Uploads the bank's result file; the server reconciles it and applies paid and failed lines once. */
function UploadResults(props: { batchId: string; onDone: () => void }) {
  const [file, setFile] = useState<File>();
  const [fileError, setFileError] = useState<string>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function upload(event: Event) {
    event.preventDefault();
    setError(undefined);
    setNotice(undefined);
    if (!file) {
      setFileError(t('请先选择银行回单文件（CSV）', 'Choose the bank’s result file (CSV) first'));
      return;
    }
    setFileError(undefined);
    setBusy(true);
    try {
      const result = await postText<{ applied: number; totals: Record<LineClass, { count: number }>; message: string }>(`/payment-batches/${props.batchId}/bank-results`, await readBankFile(file));
      const problems = result.totals.AMOUNT_MISMATCH.count + result.totals.UNKNOWN.count + result.totals.MALFORMED.count + result.totals.MISSING.count;
      setNotice(
        t(`${result.message}：${result.applied} 笔付款状态已更新。`, `${result.message}: ${result.applied} payment(s) updated.`) +
          (problems > 0 ? t(` 有 ${problems} 行需要核对，见下方对账明细。`, ` ${problems} line(s) need checking; see the lines below.`) : ''),
      );
      props.onDone();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(t(`上传失败：${caught.message}。请确认文件是银行返回的 CSV 回单，然后重试。`, `Upload failed: ${caught.message}. Check the file is the bank’s CSV result file, then try again.`));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={upload} noValidate>
      <Field id="bank-results" label={t('银行回单文件（CSV）', 'Bank result file (CSV)')} hint={t('需有“指令编号”和“状态”两列，UTF-8 或 GBK 编码均可；可重复上传，已处理的付款不会重复记账。', 'Needs “instruction id” and “status” columns, in UTF-8 or GBK; uploading again changes nothing already applied.')} error={fileError}>
        <input
          id="bank-results"
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            setFile((e.currentTarget as HTMLInputElement).files?.[0]);
            setFileError(undefined);
          }}
        />
      </Field>
      <ErrorBox message={error} />
      {notice && <p class="notice" role="status">{notice}</p>}
      <button type="submit" disabled={busy}>{busy ? t('正在对账…', 'Reconciling…') : t('上传并对账', 'Upload and reconcile')}</button>
    </form>
  );
}

export function BatchPage(props: { id: string }) {
  const { data: batch, error } = useGet<PaymentBatch & { instructions: BatchInstruction[] }>(`/payment-batches/${encodeURIComponent(props.id)}`);
  const [downloadError, setDownloadError] = useState<string>();
  const [version, setVersion] = useState(0);

  const bankFile = () => {
    setDownloadError(undefined);
    download(`/payment-batches/${encodeURIComponent(props.id)}/bank-file`, `${props.id}.csv`).catch((e: Error) => setDownloadError(t(`下载失败：${e.message}。请重试。`, `Download failed: ${e.message}. Try again.`)));
  };

  return (
    <FinancePage section="batches" title={t(`付款批次 ${props.id}`, `Payment batch ${props.id}`)}>
      <p class="crumbs"><a href="#/finance/batches">{t('返回付款批次', 'Back to the batches')}</a></p>
      <ErrorBox message={error && t(`无法打开该批次：${error}。请从批次列表重新进入。`, `Could not open this batch: ${error}. Open it again from the list.`)} />
      {!batch && !error && <Loading />}
      {batch && (
        <>
          <dl class="figures">
            <div><dt>{t('生成时间', 'Created')}</dt><dd>{when(batch.createdAt)}</dd></div>
            <div><dt>{t('经办人', 'Created by')}</dt><dd>{batch.createdBy.name}</dd></div>
            <div><dt>{t('范围', 'Scope')}</dt><dd>{batch.program ? programName(batch.program) : t('全部项目', 'All programs')}{batch.orgUnit ? <> · <UnitName id={batch.orgUnit} /></> : ''}</dd></div>
            <div><dt>{t('笔数', 'Payments')}</dt><dd>{batch.count}</dd></div>
            <div><dt>{t('合计', 'Total')}</dt><dd><strong>{formatYuan(batch.totalFen)}</strong></dd></div>
          </dl>

          <section aria-labelledby="step-1" class="card">
            <h2 id="step-1">{t('第一步：下载银行转账文件', 'Step 1: download the bank transfer file')}</h2>
            <p class="muted">{t('文件含完整账号，请只通过网银上传给银行，勿转发。', 'It holds full account numbers: upload it only to the bank’s portal, never forward it.')}</p>
            <button onClick={bankFile}>{t('下载转账文件', 'Download the transfer file')}</button>
            <ErrorBox message={downloadError} />
          </section>

          <section aria-labelledby="step-2" class="card">
            <h2 id="step-2">{t('第二步：上传银行回单', 'Step 2: upload the bank’s result file')}</h2>
            <UploadResults batchId={batch.batchId} onDone={() => setVersion((n) => n + 1)} />
          </section>

          <section aria-labelledby="reconciliation">
            <h2 id="reconciliation">{t('对账结果', 'Reconciliation')}</h2>
            <ReconciliationView batchId={batch.batchId} version={version} />
          </section>

          <section aria-labelledby="instructions">
            <h2 id="instructions">{t('付款指令', 'Payment instructions')}</h2>
            <table class="data">
              <caption class="visually-hidden">{t('本批次的付款指令', 'The payment instructions of this batch')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('指令编号', 'Instruction')}</th>
                  <th scope="col">{t('收款人', 'Payee')}</th>
                  <th scope="col">{t('开户行与账号', 'Bank and account')}</th>
                  <th scope="col">{t('项目与组织', 'Program and unit')}</th>
                  <th scope="col" class="num">{t('金额', 'Amount')}</th>
                </tr>
              </thead>
              <tbody>
                {batch.instructions.map((instruction) => (
                  <tr key={instruction.instructionId}>
                    <td class="reference"><a href={`#/applications/${instruction.applicationId}`}>{instruction.instructionId}</a></td>
                    <td>{instruction.payeeName}</td>
                    <td>{instruction.bank} <span class="reference">{instruction.accountNumber}</span></td>
                    <td>{programName(instruction.program)} · <UnitName id={instruction.orgUnit} /></td>
                    <td class="num">{formatYuan(instruction.amountFen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </FinancePage>
  );
}
