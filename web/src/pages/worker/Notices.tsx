import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api.ts';
import { Empty, ErrorBox, Field, Loading } from '../../components.tsx';
import { formatYuan } from '../../format.ts';
import { programName, t, when } from '../../i18n.ts';
import { UnitName } from '../../org-units.tsx';
import { useGet } from '../../use-get.ts';

interface Notice {
  id: string;
  program: string;
  applicant: { name: string; orgUnit: string };
  amountFen: number;
  noticeEndsAt: string | null;
  mine: boolean;
}

/** One posting of the notice board, with the form to object to it. */
function NoticeItem(props: { notice: Notice }) {
  const { notice } = props;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const fieldId = `objection-${notice.id}`;

  async function object(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', `/applications/${notice.id}/objections`, { reason });
      setSent(true);
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught.fields.find((field) => field.path === 'reason')?.message ?? caught.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="card">
      <h2>
        {notice.applicant.name} · {programName(notice.program)}
      </h2>
      <p>
        <strong>{formatYuan(notice.amountFen)}</strong> · <UnitName id={notice.applicant.orgUnit} />
        {notice.noticeEndsAt && <span class="muted"> · {t('公示至 ', 'On notice until ')}{when(notice.noticeEndsAt)}</span>}
      </p>
      {notice.mine ? (
        <p class="muted">{t('这是您本人的申请，公示期满无异议后发放。', 'This is your own application; it is paid when the notice ends without objection.')}</p>
      ) : sent ? (
        <p class="notice" role="status">{t('异议已提交。公示期满后，工会将重新审核这份申请。', 'Objection sent. When the notice ends, the union reviews the application again.')}</p>
      ) : open ? (
        <form onSubmit={object}>
          <Field id={fieldId} label={t('异议理由', 'Why you object')} hint={t('请写明您了解的事实，工会将核实；异议人信息不会公开。', 'Say what you know; the union checks it. Your name is not made public.')} error={error}>
            <textarea id={fieldId} rows={3} value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />
          </Field>
          <div class="actions">
            <button type="submit" disabled={busy}>{t('提交异议', 'Send the objection')}</button>
            <button type="button" class="secondary" onClick={() => setOpen(false)}>{t('取消', 'Cancel')}</button>
          </div>
        </form>
      ) : (
        <button class="secondary" onClick={() => setOpen(true)}>{t('提出异议', 'Object')}<span class="visually-hidden">：{notice.applicant.name}</span></button>
      )}
    </li>
  );
}

/** The union's notice board: approved aid on public notice (公示), to which any member may object. */
export function Notices() {
  const list = useGet<{ items: Notice[] }>('/public-notices');
  const notices = list.data?.items;
  const error = list.error;
  return (
    <main class="page">
      <p class="crumbs"><a href="#/worker">{t('首页', 'Home')}</a> › {t('公示', 'Public notice')}</p>
      <h1>{t('本单位公示', 'On public notice in your union')}</h1>
      <p class="hint">{t('以下帮扶已通过审批，正在公示。如您知道情况不实，可在公示期内提出异议。', 'This aid has been approved and is on public notice. If you know something is not true, you may object before the notice ends.')}</p>
      <ErrorBox message={error} />
      {!notices && !error && <Loading />}
      {notices?.length === 0 && <Empty>{t('目前没有正在公示的帮扶。', 'Nothing is on public notice now.')}</Empty>}
      <ul class="cards">
        {notices?.map((notice) => <NoticeItem key={notice.id} notice={notice} />)}
      </ul>
    </main>
  );
}
