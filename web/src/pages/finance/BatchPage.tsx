import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, download, postText, session } from '../../api.ts';
import { Empty, ErrorBox, Field, Loading, ScrollBox } from '../../components.tsx';
import { formatYuan } from '../../format.ts';
import { nameOf, programName, t, when } from '../../i18n.ts';
import { lineClasses, type LineClass, type ReconciledLine } from '../../../../functions/domain/finance/reconcile.ts';
import type { BatchItem, PaymentBatch, StoredReconciliation } from '../../../../functions/store/payments.ts';
import { BatchStatusText, className, FinancePage, lineAdvice } from './shared.tsx';
import { UnitName } from '../../org-units.tsx';
import { FailedChecks } from './PaymentChecks.tsx';
import type { RuleClass } from '../../../../functions/domain/finance/payment-rules.ts';
import { useGet } from '../../use-get.ts';

/** A reconciliation as the API shows it: the reader sees why a line could not be read as its reason. */
type Reconciliation = StoredReconciliation & { lines: Omit<ReconciledLine, 'problem'>[] };
type BatchInstruction = Omit<BatchItem, 'batchId' | 'attempt' | 'year' | 'checks'> & { checks?: { class: RuleClass; passed: boolean; severity: 'warn' | 'block'; message: string }[] };

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
        <ScrollBox label={t('对账明细', 'Reconciliation lines')}>
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
        </ScrollBox>
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
      const problems = result.totals.CONFLICT.count + result.totals.AMOUNT_MISMATCH.count + result.totals.UNKNOWN.count + result.totals.MALFORMED.count + result.totals.MISSING.count;
      setNotice(
        t(`${result.message}：${result.applied} 笔付款状态已更新。`, `${result.message}: ${result.applied} payment(s) updated.`) +
          (problems > 0 ? t(` 有 ${problems} 行需要核对，见下方对账明细。`, ` ${problems} line(s) need checking; see the lines below.`) : ''),
      );
      props.onDone();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      // A refused header names the columns it needs: that is what finance has to fix.
      const header = caught.fields.find((field) => field.path === 'header')?.message;
      setError(header ? `${caught.message}${t('：', ': ')}${header}` : t(`上传失败：${caught.message}。请确认文件是银行返回的 CSV 回单，然后重试。`, `Upload failed: ${caught.message}. Check the file is the bank’s CSV result file, then try again.`));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={upload} noValidate>
      <Field id="bank-results" label={t('银行回单文件（CSV）', 'Bank result file (CSV)')} hint={t('表头须有“指令编号”“金额”“状态”三列（工行回单的“备注”可作指令编号），UTF-8 或 GBK 编码均可；缺列的文件整份退回、不会保存；可重复上传，已处理的付款不会重复记账。', 'The header needs “instruction id”, “amount” and “status” columns (ICBC’s “备注” counts as the instruction id), in UTF-8 or GBK; a file lacking one is refused whole and not stored; uploading again changes nothing already applied.')} error={fileError}>
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

type Signature = { sub: string; name: string; at: string; comment?: string };
type Conflict = { instructionId: string; applicationId: string; settledAs: 'PAID' | 'FAILED'; reportedAs: 'PAID' | 'FAILED'; reportedAt: string; lineNo: number | null; reason?: string; resolution?: Signature & { confirmed: 'earlier' | 'later' } };
type TrailEvent = { seq: number; at: string; action: string; actor: { sub: string }; reason?: string };
type BatchView = PaymentBatch & { awaiting?: 'review' | 'release'; instructions: BatchInstruction[]; trail: TrailEvent[]; actorNames: Record<string, string>; conflicts: Conflict[] };

const actionNames: Record<string, [string, string]> = {
  PREPARE_BATCH: ['生成批次', 'Prepared the batch'],
  REVIEW_BATCH: ['复核通过', 'Reviewed'],
  RELEASE_BATCH: ['放行', 'Released'],
  DOWNLOAD_BANK_FILE: ['下载银行文件', 'Downloaded the bank file'],
  IMPORT_BANK_RESULTS: ['导入银行回单', 'Imported the bank’s results'],
  RESOLVE_PAYMENT_CONFLICT: ['处理结果冲突', 'Resolved a conflicting result'],
};
const outcomeName = (outcome: 'PAID' | 'FAILED') => (outcome === 'PAID' ? t('已付款', 'paid') : t('付款失败', 'failed'));

/** Who signed the batch, and the signature it waits for — which the preparer (or reviewer) cannot give. */
function SignOff(props: { batch: BatchView; onSigned: () => void }) {
  const { batch } = props;
  const me = session.user()?.sub;
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string>();
  const [commentError, setCommentError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const steps: { key: string; label: string; signature?: Signature; next: boolean }[] = [
    { key: 'prepare', label: t('生成（经办）', 'Prepared (maker)'), signature: { ...batch.createdBy, at: batch.createdAt }, next: false },
    ...(batch.signOffs === 3 ? [{ key: 'review', label: t('复核', 'Reviewed'), ...(batch.reviewedBy ? { signature: batch.reviewedBy } : {}), next: batch.awaiting === 'review' }] : []),
    { key: 'release', label: t('放行（审核）', 'Released (checker)'), ...(batch.releasedBy ? { signature: batch.releasedBy } : {}), next: batch.awaiting === 'release' },
    { key: 'send', label: t('下载发送银行', 'Sent to the bank'), ...(batch.sentBy ? { signature: batch.sentBy } : {}), next: false },
  ];
  const signedBefore = me === batch.createdBy.sub || me === batch.reviewedBy?.sub;

  async function sign(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setCommentError(undefined);
    try {
      await api('POST', `/payment-batches/${encodeURIComponent(batch.batchId)}/${batch.awaiting}`, comment.trim() ? { comment: comment.trim() } : {});
      props.onSigned();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      const field = caught.fields.find((problem) => problem.path === 'comment')?.message;
      setCommentError(field);
      if (!field) setError(caught.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="sign-off" class="card">
      <h2 id="sign-off">{t(`签批（${batch.signOffs} 人，各不相同）`, `Sign-off (${batch.signOffs} different people)`)}</h2>
      <ol class="sign-off">
        {steps.map((step) => (
          <li key={step.key} class={step.signature ? 'done' : step.next ? 'next' : ''}>
            <strong>{step.label}</strong>
            {step.signature ? (
              <> · {step.signature.name} · {when(step.signature.at)}{step.signature.comment && <span class="muted block">“{step.signature.comment}”</span>}</>
            ) : (
              <span class="muted"> · {step.next ? t('待签批', 'waiting') : t('未进行', 'not yet')}</span>
            )}
          </li>
        ))}
      </ol>
      {batch.awaiting && signedBefore && (
        <p class="notice">{me === batch.createdBy.sub ? t('本批次由您生成，须由另一位财务人员签批。', 'You prepared this batch: another finance user signs it off.') : t('您已复核本批次，须由第三位财务人员放行。', 'You reviewed this batch: a third finance user releases it.')}</p>
      )}
      {batch.awaiting && !signedBefore && (
        <form onSubmit={sign} noValidate>
          <Field
            id="sign-off-comment"
            label={batch.awaiting === 'release' && (batch.warnedCount ?? 0) > 0 ? t(`放行意见（${batch.warnedCount} 笔付款有审核警示，必填）`, `Comment (${batch.warnedCount} payment(s) carry audit warnings: required)`) : t('签批意见（可选）', 'Comment (optional)')}
            hint={t('例如：已核对名单与金额', 'For example: names and amounts checked')}
            error={commentError}
          >
            <textarea id="sign-off-comment" rows={2} value={comment} onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)} />
          </Field>
          <ErrorBox message={error} />
          <button type="submit" disabled={busy}>{batch.awaiting === 'review' ? t('复核通过', 'Approve the review') : t('放行批次', 'Release the batch')}</button>
        </form>
      )}
    </section>
  );
}

/** Results that contradict what an earlier file settled: finance records what the bank confirmed. */
function Conflicts(props: { batch: BatchView; onResolved: () => void }) {
  const [drafts, setDrafts] = useState<Record<string, { confirmed: 'earlier' | 'later'; comment: string }>>({});
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  if (props.batch.conflicts.length === 0) return null;

  async function resolve(conflict: Conflict, event: Event) {
    event.preventDefault();
    const draft = drafts[conflict.instructionId] ?? { confirmed: 'earlier', comment: '' };
    try {
      await api('POST', `/payment-batches/${encodeURIComponent(props.batch.batchId)}/conflicts/${encodeURIComponent(conflict.instructionId)}/resolution`, draft);
      setErrors({ ...errors, [conflict.instructionId]: undefined });
      props.onResolved();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setErrors({ ...errors, [conflict.instructionId]: caught.fields.find((field) => field.path === 'comment')?.message ?? caught.message });
    }
  }

  return (
    <section aria-labelledby="conflicts" class="card">
      <h2 id="conflicts">{t('结果冲突', 'Conflicting results')}</h2>
      <p class="muted">{t('后来的回单与先前已对账的结果相反，系统未作任何更改。请向银行核实后登记处理结果。', 'A later result file says the opposite of what was settled before; nothing was changed. Check with the bank, then record what it confirmed.')}</p>
      <ul class="cards">
        {props.batch.conflicts.map((conflict) => {
          const id = conflict.instructionId;
          const draft = drafts[id] ?? { confirmed: 'earlier' as const, comment: '' };
          return (
            <li key={id} class="card">
              <p>
                <a class="reference" href={`#/applications/${conflict.applicationId}`}>{id}</a>
                {' · '}{t(`先前：${outcomeName(conflict.settledAs)}；后来的回单（第 ${conflict.lineNo ?? '—'} 行）：${outcomeName(conflict.reportedAs)}`, `Earlier: ${outcomeName(conflict.settledAs)}; later file (line ${conflict.lineNo ?? '—'}): ${outcomeName(conflict.reportedAs)}`)}
                {conflict.reason && <span class="muted"> · {conflict.reason}</span>}
              </p>
              {conflict.resolution ? (
                <p class="notice">{t('已处理：银行确认', 'Resolved: the bank confirmed ')}{conflict.resolution.confirmed === 'earlier' ? t('先前的结果', 'the earlier result') : t('后来的结果', 'the later result')} · {conflict.resolution.name} · {when(conflict.resolution.at)} · “{conflict.resolution.comment}”</p>
              ) : (
                <form onSubmit={(event) => resolve(conflict, event)} noValidate>
                  <Field id={`confirmed-${id}`} label={t('银行确认的是', 'The bank confirmed')}>
                    <select id={`confirmed-${id}`} value={draft.confirmed} onChange={(e) => setDrafts({ ...drafts, [id]: { ...draft, confirmed: (e.currentTarget as HTMLSelectElement).value as 'earlier' | 'later' } })}>
                      <option value="earlier">{t(`先前的结果（${outcomeName(conflict.settledAs)}）`, `the earlier result (${outcomeName(conflict.settledAs)})`)}</option>
                      <option value="later">{t(`后来的结果（${outcomeName(conflict.reportedAs)}）`, `the later result (${outcomeName(conflict.reportedAs)})`)}</option>
                    </select>
                  </Field>
                  <Field id={`comment-${id}`} label={t('处理说明', 'What was checked and what follows')} hint={t('如确认后来的结果，请写明后续处理（追回或重新付款）', 'If the later result is right, say what follows (a recovery, or paying again)')} error={errors[id]}>
                    <textarea id={`comment-${id}`} rows={2} value={draft.comment} onInput={(e) => setDrafts({ ...drafts, [id]: { ...draft, comment: (e.currentTarget as HTMLTextAreaElement).value } })} />
                  </Field>
                  <button type="submit">{t('登记处理结果', 'Record the resolution')}</button>
                </form>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function BatchPage(props: { id: string }) {
  const { data: batch, error, reload } = useGet<BatchView>(`/payment-batches/${encodeURIComponent(props.id)}`);
  const [downloadError, setDownloadError] = useState<string>();
  const [version, setVersion] = useState(0);

  const bankFile = () => {
    setDownloadError(undefined);
    download(`/payment-batches/${encodeURIComponent(props.id)}/bank-file`, `${props.id}.csv`)
      .then(reload)
      .catch((e: Error) => setDownloadError(t(`下载失败：${e.message}。请重试。`, `Download failed: ${e.message}. Try again.`)));
  };
  const released = batch && ['RELEASED', 'SENT', 'RECONCILED'].includes(batch.status);
  const sent = batch && ['SENT', 'RECONCILED'].includes(batch.status);

  return (
    <FinancePage section="batches" title={t(`付款批次 ${props.id}`, `Payment batch ${props.id}`)}>
      <p class="crumbs"><a href="#/finance/batches">{t('返回付款批次', 'Back to the batches')}</a></p>
      <ErrorBox message={error && t(`无法打开该批次：${error}。请从批次列表重新进入。`, `Could not open this batch: ${error}. Open it again from the list.`)} />
      {!batch && !error && <Loading />}
      {batch && (
        <>
          <dl class="figures">
            <div><dt>{t('状态', 'Status')}</dt><dd><BatchStatusText batch={batch} /></dd></div>
            <div><dt>{t('生成时间', 'Created')}</dt><dd>{when(batch.createdAt)}</dd></div>
            <div><dt>{t('经办人', 'Prepared by')}</dt><dd>{batch.createdBy.name}</dd></div>
            <div><dt>{t('范围', 'Scope')}</dt><dd>{batch.program ? programName(batch.program) : t('全部项目', 'All programs')}{batch.orgUnit ? <> · <UnitName id={batch.orgUnit} /></> : ''}</dd></div>
            <div><dt>{t('笔数', 'Payments')}</dt><dd>{batch.count}</dd></div>
            <div><dt>{t('合计', 'Total')}</dt><dd><strong>{formatYuan(batch.totalFen)}</strong></dd></div>
          </dl>
          {(batch.blockedCount ?? 0) > 0 && (
            <p class="notice">{t(`另有 ${batch.blockedCount} 笔付款被审核规则拦截，未收入本批次，`, `${batch.blockedCount} more payment(s) were blocked by the audit rules and left out; `)}<a href="#/finance/checks">{t('去处理', 'deal with them')}</a></p>
          )}

          <SignOff batch={batch} onSigned={reload} />

          <section aria-labelledby="step-1" class="card">
            <h2 id="step-1">{t('第一步：下载银行转账文件', 'Step 1: download the bank transfer file')}</h2>
            <p class="muted">{t(`格式：${batch.bankFormat === 'generic' ? '通用 CSV' : '中国工商银行 批量支付'}。文件含完整账号，请只通过网银上传给银行，勿转发；每次下载都会记入审计记录。`, `Format: ${batch.bankFormat === 'generic' ? 'generic CSV' : 'ICBC batch payment'}. It holds full account numbers: upload it only to the bank’s portal, never forward it; every download is recorded.`)}</p>
            {released ? <button onClick={bankFile}>{t('下载转账文件', 'Download the transfer file')}</button> : <p class="notice">{t('批次放行后才能下载银行文件。', 'The bank file can be downloaded once the batch is released.')}</p>}
            <ErrorBox message={downloadError} />
          </section>

          <section aria-labelledby="step-2" class="card">
            <h2 id="step-2">{t('第二步：上传银行回单', 'Step 2: upload the bank’s result file')}</h2>
            {sent ? (
              <UploadResults
                batchId={batch.batchId}
                onDone={() => {
                  setVersion((n) => n + 1);
                  reload();
                }}
              />
            ) : (
              <p class="notice">{t('银行文件下载发送后，才能上传回单。', 'Upload the results once the bank file has been sent.')}</p>
            )}
          </section>

          <Conflicts batch={batch} onResolved={reload} />

          <section aria-labelledby="reconciliation">
            <h2 id="reconciliation">{t('对账结果', 'Reconciliation')}</h2>
            <ReconciliationView batchId={batch.batchId} version={version} />
          </section>

          <section aria-labelledby="instructions">
            <h2 id="instructions">{t('付款指令', 'Payment instructions')}</h2>
            <ScrollBox label={t('付款指令', 'Payment instructions')}>
              <table class="data">
                <caption class="visually-hidden">{t('本批次的付款指令', 'The payment instructions of this batch')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('指令编号', 'Instruction')}</th>
                    <th scope="col">{t('收款人', 'Payee')}</th>
                    <th scope="col">{t('开户行与账号', 'Bank and account')}</th>
                    <th scope="col">{t('项目与组织', 'Program and unit')}</th>
                    <th scope="col" class="num">{t('金额', 'Amount')}</th>
                    <th scope="col">{t('付款审核', 'Payment audit')}</th>
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
                      <td>{instruction.checks ? <FailedChecks results={instruction.checks} /> : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollBox>
          </section>

          <section aria-labelledby="batch-trail">
            <h2 id="batch-trail">{t('审计记录', 'Audit trail')}</h2>
            <ol class="sign-off">
              {batch.trail.map((event) => (
                <li key={event.seq} class="done">
                  {when(event.at)} · <strong>{nameOf(actionNames, event.action)}</strong> · {batch.actorNames[event.actor.sub] ?? t('未知用户', 'an unknown user')}
                  {event.reason && <span class="muted"> · “{event.reason}”</span>}
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </FinancePage>
  );
}

