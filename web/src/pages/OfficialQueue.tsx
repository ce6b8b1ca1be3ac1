import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import { Empty, ErrorBox, Field, Loading } from '../components.tsx';
import { formatYuan } from '../format.ts';
import { programName, programNames, t, when } from '../i18n.ts';
import { OfficialNav } from './official/common.tsx';
import { tierName, tierText } from '../code-names.ts';
import { UnitName } from '../org-units.tsx';

interface QueueItem {
  applicationId: string;
  level: number;
  requestedAt: string;
  dueAt: string;
  overdue: boolean;
  application: { program: string; applicant: { name: string; orgUnit: string }; amountFen?: number; tier?: string };
  decision: { checks: { code: string; passed: boolean; message: string }[] } | null;
}

interface Notification {
  applicationId: string;
  at: string;
  kind: string;
  message: string;
}

interface BatchResult {
  applicationId: string;
  status: number;
  error?: { code: string; message: string };
}

/** What this official may decide now, oldest first, with overdue flags; several can be approved at once. */
export function OfficialQueue() {
  const [items, setItems] = useState<QueueItem[]>();
  const [notifications, setNotifications] = useState<Notification[]>([]);
  const [error, setError] = useState<string>();
  const [program, setProgram] = useState('');
  const [tier, setTier] = useState('');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<(BatchResult & { name: string })[]>();

  const load = () => {
    setItems(undefined);
    const query = new URLSearchParams({ ...(program ? { program } : {}), ...(tier ? { tier } : {}) }).toString();
    return api<{ items: QueueItem[] }>('GET', `/approvals${query ? `?${query}` : ''}`)
      .then((r) => {
        setItems(r.items);
        setError(undefined);
      })
      .catch((e: Error) => setError(e.message));
  };
  useEffect(() => {
    void load();
  }, [program, tier]);
  useEffect(() => {
    api<{ items: Notification[] }>('GET', '/notifications').then((r) => setNotifications(r.items)).catch(() => setNotifications([]));
  }, []);

  const visible = items ?? [];
  const chosen = visible.filter((item) => picked.has(item.applicationId));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(id);
    else next.delete(id);
    setPicked(next);
  };

  async function approveChosen() {
    setBusy(true);
    setError(undefined);
    setResults(undefined);
    const names = new Map(visible.map((item) => [item.applicationId, item.application.applicant.name]));
    try {
      const reply = await api<{ decided: number; results: BatchResult[] }>('POST', '/approvals/batch', {
        applicationIds: chosen.map((item) => item.applicationId),
        decision: 'approve',
        comment: comment.trim() || undefined,
      });
      setResults(reply.results.map((result) => ({ ...result, name: names.get(result.applicationId) ?? '' })));
      setPicked(new Set());
      setComment('');
      await load();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="page wide">
      <OfficialNav current="queue" />
      <h1>{t('待我审批', 'Awaiting my decision')}</h1>
      <ErrorBox message={error} />

      {notifications.length > 0 && (
        <section aria-labelledby="reminders">
          <h2 id="reminders">{t('提醒', 'Reminders')}</h2>
          <ul class="list">
            {notifications.slice(0, 10).map((notification) => (
              <li key={`${notification.at}-${notification.applicationId}`}>
                <a href={`#/applications/${notification.applicationId}`}>
                  <span class={notification.kind === 'APPROVAL_ESCALATED' ? 'badge' : 'muted'}>{notification.message}</span>
                  <span class="muted">{when(notification.at)}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}

      <div class="filters">
        <Field id="filter-program" label={t('项目', 'Program')}>
          <select id="filter-program" value={program} onChange={(e) => setProgram((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('全部项目', 'All programs')}</option>
            {Object.keys(programNames).map((id) => <option key={id} value={id}>{programName(id)}</option>)}
          </select>
        </Field>
        <Field id="filter-tier" label={t('困难类别', 'Hardship tier')}>
          <select id="filter-tier" value={tier} onChange={(e) => setTier((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('全部类别', 'All tiers')}</option>
            {Object.keys(tierText).map((id) => <option key={id} value={id}>{tierName(id)}</option>)}
          </select>
        </Field>
      </div>

      {results && (
        <section class="batch-results" role="status" aria-labelledby="batch-results">
          <h2 id="batch-results">
            {t(`批量审批：${results.filter((r) => r.status === 200).length} 份成功，${results.filter((r) => r.status !== 200).length} 份未成功`, `Batch: ${results.filter((r) => r.status === 200).length} approved, ${results.filter((r) => r.status !== 200).length} not`)}
          </h2>
          <ul>
            {results.map((result) => (
              <li key={result.applicationId} class={result.status === 200 ? 'ok' : 'failed'}>
                {result.name} <a class="reference" href={`#/applications/${result.applicationId}`}>{result.applicationId}</a>
                {t('：', ': ')}
                {result.status === 200 ? t('已批准', 'approved') : `${result.error?.message ?? result.status}${t('。请打开该申请查看它的进度。', '. Open it to see where it stands.')}`}
              </li>
            ))}
          </ul>
        </section>
      )}

      {!items && !error && <Loading />}
      {items?.length === 0 && (
        <Empty>{program || tier ? t('没有符合筛选条件的待审批申请。可清除筛选查看全部。', 'Nothing matches these filters; clear them to see everything.') : t('目前没有待审批的申请。', 'Nothing awaits your decision.')}</Empty>
      )}

      {visible.length > 0 && (
        <>
          <p class="select-all">
            <label>
              <input
                type="checkbox"
                checked={chosen.length === visible.length}
                onChange={(e) => setPicked(new Set((e.currentTarget as HTMLInputElement).checked ? visible.map((item) => item.applicationId) : []))}
              />{' '}
              {t('全选', 'Select all')}
            </label>
          </p>
          <ul class="list queue">
            {visible.map((item) => (
              <li key={item.applicationId} class={item.overdue ? 'overdue' : ''}>
                {/* aria-label rather than a label element: the row's visible text stays the link's alone */}
                <input
                  type="checkbox"
                  aria-label={t(`选择 ${item.application.applicant.name} 的申请 ${item.applicationId}`, `Select ${item.application.applicant.name}'s application ${item.applicationId}`)}
                  checked={picked.has(item.applicationId)}
                  onChange={(e) => toggle(item.applicationId, (e.currentTarget as HTMLInputElement).checked)}
                />
                <a href={`#/applications/${item.applicationId}`}>
                  <strong>{programName(item.application.program)} · {item.application.applicant.name}</strong>
                  <span class="muted"><UnitName id={item.application.applicant.orgUnit} /> · {t(`第 ${item.level} 级`, `level ${item.level}`)} · {when(item.requestedAt)}</span>
                  {item.application.tier && <span>{tierName(item.application.tier)}</span>}
                  {item.application.amountFen !== undefined && <span>{formatYuan(item.application.amountFen)}</span>}
                  <span class="muted">{t('办理期限 ', 'Due ')}{when(item.dueAt)}</span>
                  <span class="muted small reference">{item.applicationId}</span>
                  {item.overdue && <span class="badge">{t('已逾期', 'Overdue')}</span>}
                </a>
              </li>
            ))}
          </ul>

          <section class="batch" aria-labelledby="batch">
            <h2 id="batch">{t('批量批准', 'Approve several')}</h2>
            <Field id="batch-comment" label={t('统一审批意见', 'One comment for all')} hint={t('先勾选上方的申请。需要驳回的申请请逐份打开处理。', 'Tick the applications above first. Open an application to reject it.')}>
              <textarea id="batch-comment" rows={2} value={comment} onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)} />
            </Field>
            <button disabled={busy || chosen.length === 0} onClick={approveChosen}>
              {t(`批准所选（${chosen.length} 份）`, `Approve selected (${chosen.length})`)}
            </button>
          </section>
        </>
      )}
    </main>
  );
}
