import { useState } from 'preact/hooks';
import { api, ApiError, type FieldError } from '../../api.ts';
import { Empty, ErrorBox, Loading, ScrollBox } from '../../components.tsx';
import { formatYuan } from '../../format.ts';
import { day, programName, t, when } from '../../i18n.ts';
import { useGet } from '../../use-get.ts';
import { OfficialNav } from './common.tsx';
import { partnerFileColumns, partnerFileKinds, partnerFileNames } from '../../../../functions/domain/proactive/partner-files.ts';
import { say } from '../../i18n.ts';

interface LineOutcome {
  line: number;
  outcome: string;
  outcomeName: string;
  applicationId?: string;
  memberNumber?: string;
  fileId?: string;
  message?: string;
}

interface PartnerFileView {
  id: string;
  kind: string;
  kindName: string;
  origin: string;
  importedAt: string;
  importedBy: { name: string };
  records: number;
  matched: number;
  sameAs?: string;
  counts: { outcome: string; outcomeName: string; count: number }[];
  outcomes: LineOutcome[];
}

interface ProposalItem {
  id: string;
  program: string;
  applicant: { name: string };
  submittedAt: string;
  proposal: { explanation: string; estimateFen: number; zeroTouch: boolean; expiresAt: string; expiresOn: string; source: string; knownBankAccount?: { number: string } };
}

/** What one imported file came to: counts, then each line that proposed or flagged something. */
function ImportResult(props: { file: PartnerFileView }) {
  const { file } = props;
  return (
    <section class="card" aria-label={t('导入结果', 'Import result')}>
      <h3>{file.kindName} · {file.origin}</h3>
      <p class="muted">{t(`${when(file.importedAt)} 由${file.importedBy.name}导入，共 ${file.records} 条，本单位会员 ${file.matched} 条`, `Imported ${when(file.importedAt)} by ${file.importedBy.name}: ${file.records} records, ${file.matched} of your members`)}</p>
      {file.sameAs && <p class="notice">{t('这份文件此前已导入过，不会重复提议', 'This file was imported before; nothing is proposed twice')}</p>}
      <ul>{file.counts.map((count) => <li key={count.outcome}>{count.outcomeName}：{count.count}</li>)}</ul>
      {file.outcomes.length > 0 && (
        <ScrollBox label={t('文件各行的结果', 'Outcome of each line')}>
          <table>
            <thead><tr><th>{t('行', 'Line')}</th><th>{t('结果', 'Outcome')}</th><th>{t('说明', 'Why')}</th><th /></tr></thead>
            <tbody>
              {file.outcomes.map((outcome, index) => (
                <tr key={index}>
                  <td>{outcome.line || '—'}</td>
                  <td>{outcome.outcomeName}</td>
                  <td>{outcome.message ?? ''}</td>
                  <td>
                    {outcome.applicationId && <a href={`#/applications/${outcome.applicationId}`}>{t('查看申请', 'Open')}</a>}
                    {outcome.fileId && <a href={`#/official/files/${outcome.fileId}`}>{t('查看档案', 'Open the file')}</a>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </section>
  );
}

/**
 * 免申即享 for officials: import a partner agency's file (its format described here), see what it
 * proposed, and confirm the zero-touch proposals as a list.
 */
export function PartnerFiles() {
  const proposals = useGet<{ items: ProposalItem[] }>('/applications?status=PROPOSED&limit=200');
  const [kind, setKind] = useState('hospital-stays');
  const [origin, setOrigin] = useState('');
  const [text, setText] = useState('');
  const [result, setResult] = useState<PartnerFileView>();
  const [problems, setProblems] = useState<FieldError[]>([]);
  const [error, setError] = useState<string>();
  const [confirmed, setConfirmed] = useState<string>();
  const [busy, setBusy] = useState(false);
  const columns = partnerFileColumns[kind as keyof typeof partnerFileColumns];

  async function importFile(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setProblems([]);
    setResult(undefined);
    try {
      setResult(await api<PartnerFileView>('POST', '/proposals', { action: 'import', kind, origin, csv: text }));
      proposals.reload();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.message);
      setProblems(caught.fields);
    } finally {
      setBusy(false);
    }
  }

  const zeroTouch = (proposals.data?.items ?? []).filter((item) => item.proposal.zeroTouch);
  async function confirmList() {
    setBusy(true);
    try {
      const reply = await api<{ message: string }>('POST', '/proposals', { action: 'confirm', applicationIds: zeroTouch.map((item) => item.id) });
      setConfirmed(reply.message);
      proposals.reload();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.message);
    } finally {
      setBusy(false);
    }
  }

  async function readFile(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const chosen = input.files?.[0];
    if (chosen) setText(await chosen.text());
  }

  return (
    <main>
      <OfficialNav current="partner-files" />
      <h2>{t('免申即享：合作单位数据', 'Proactive benefits: partner data')}</h2>
      <p>{t('导入医保、民政、教育部门的数据文件，系统按各项目的规则主动为符合条件的会员生成待确认的申请；有问题的文件整份不导入。', 'Import the data files of medical insurance, civil affairs and education; by each program’s rules the platform proposes the benefits members qualify for. A file with a problem is not imported at all.')}</p>
      <form class="card" onSubmit={importFile}>
        <label>
          {t('文件种类', 'Kind of file')}
          <select value={kind} onChange={(event) => setKind((event.currentTarget as HTMLSelectElement).value)}>
            {partnerFileKinds.map((item) => <option key={item} value={item}>{say(partnerFileNames[item])}</option>)}
          </select>
        </label>
        {columns && (
          <details open>
            <summary>{t('文件格式（CSV，UTF-8，第一行为表头）', 'Format (CSV, UTF-8, a header line)')}</summary>
            <ScrollBox label={t('文件格式', 'File format')}>
              <table>
                <thead><tr><th>{t('列名', 'Column')}</th><th>{t('也可写作', 'Also written')}</th><th>{t('必填', 'Required')}</th><th>{t('内容', 'What')}</th></tr></thead>
                <tbody>
                  {columns.map((column) => (
                    <tr key={column.name}><td><code>{column.name}</code></td><td>{column.aliases.join('、')}</td><td>{column.required ? t('是', 'yes') : t('否', 'no')}</td><td>{say(column.description)}</td></tr>
                  ))}
                </tbody>
              </table>
            </ScrollBox>
          </details>
        )}
        <label>
          {t('来源单位', 'Sent by')}
          <input value={origin} required maxLength={100} placeholder={t('如：市医保局', 'e.g. the city medical insurance bureau')} onInput={(event) => setOrigin((event.currentTarget as HTMLInputElement).value)} />
        </label>
        <label>
          {t('选择文件', 'Choose the file')}
          <input type="file" accept=".csv,text/csv" onChange={(event) => void readFile(event)} />
        </label>
        <label>
          {t('或粘贴内容', 'Or paste it')}
          <textarea rows={6} value={text} onInput={(event) => setText((event.currentTarget as HTMLTextAreaElement).value)} />
        </label>
        <button type="submit" disabled={busy || !text || !origin}>{t('检查并导入', 'Check and import')}</button>
      </form>
      {error && <ErrorBox message={error} />}
      {problems.length > 0 && (
        <section class="card" aria-label={t('文件中的问题', 'Problems in the file')}>
          <ul>{problems.map((problem, index) => <li key={index}>{problem.message}</li>)}</ul>
        </section>
      )}
      {result && <ImportResult file={result} />}

      <h3>{t('待确认的提议', 'Proposals waiting')}</h3>
      {!proposals.data ? <Loading /> : proposals.data.items.length === 0 ? <Empty>{t('没有待确认的提议', 'No proposals waiting')}</Empty> : (
        <>
          <ScrollBox label={t('待确认的提议', 'Proposals waiting')}>
            <table>
              <thead><tr><th>{t('会员', 'Member')}</th><th>{t('项目', 'Program')}</th><th>{t('金额', 'Amount')}</th><th>{t('依据', 'Why')}</th><th>{t('确认期限', 'Confirm by')}</th><th>{t('免申即享', 'Zero-touch')}</th></tr></thead>
              <tbody>
                {proposals.data.items.map((item) => (
                  <tr key={item.id}>
                    <td>{item.applicant.name}</td>
                    <td>{programName(item.program)}</td>
                    <td>{formatYuan(item.proposal.estimateFen)}</td>
                    <td>{item.proposal.explanation}</td>
                    <td>{day(item.proposal.expiresOn)}</td>
                    <td>{item.proposal.zeroTouch ? (item.proposal.knownBankAccount ? t('是', 'yes') : t('是，但无银行卡记录，待本人确认', 'yes, but no card on record: the worker confirms')) : t('否，待本人确认', 'no: the worker confirms')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
          {zeroTouch.length > 0 && <button type="button" disabled={busy} onClick={() => void confirmList()}>{t(`整批确认 ${zeroTouch.length} 项免申即享`, `Confirm the ${zeroTouch.length} zero-touch proposals`)}</button>}
          {confirmed && <p role="status">{confirmed}</p>}
        </>
      )}

    </main>
  );
}
