import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api.ts';
import { Empty, ErrorBox, Field, Loading } from '../../components.tsx';
import { formatYuan } from '../../format.ts';
import { programName, t, when } from '../../i18n.ts';
import { FinancePage, toFen } from './shared.tsx';
import type { Recovery, RecoveryStatus } from '../../../../functions/store/recoveries.ts';
import { UnitName } from '../../org-units.tsx';
import { useGet } from '../../use-get.ts';

const statusNames: Record<RecoveryStatus, [string, string]> = {
  OPEN: ['待追回', 'To recover'],
  RECOVERED: ['已追回', 'Recovered'],
  WRITTEN_OFF: ['已核销', 'Written off'],
};

/** Records an overpayment on a paid application. */
function OpenRecovery(props: { onSaved: () => void }) {
  const [applicationId, setApplicationId] = useState('');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function save(event: Event) {
    event.preventDefault();
    const fen = toFen(amount);
    const found: Record<string, string> = {};
    if (!/^\S+$/.test(applicationId.trim())) found.applicationId = t('请填写申请编号，例如 APP-20261101-…', 'Enter the application number, e.g. APP-20261101-…');
    if ('problem' in fen) found.amountFen = fen.problem;
    else if (fen.fen === 0) found.amountFen = t('金额须大于零', 'The amount must be above zero');
    if (reason.trim().length < 2) found.reason = t('请说明多付的原因', 'Say why it was overpaid');
    setErrors(found);
    setError(undefined);
    if (Object.keys(found).length > 0 || 'problem' in fen) return;
    setBusy(true);
    try {
      await api('POST', `/applications/${encodeURIComponent(applicationId.trim())}/recoveries`, { amountFen: fen.fen, reason: reason.trim() });
      setApplicationId('');
      setAmount('');
      setReason('');
      props.onSaved();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.status === 404 ? t('没有这个申请编号，请核对后重试。', 'No application has this number: check it and try again.') : caught.message);
      setErrors(caught.byPath());
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card" onSubmit={save} aria-labelledby="open-recovery" noValidate>
      <h2 id="open-recovery">{t('登记多付', 'Record an overpayment')}</h2>
      <p class="muted">{t('异议成立或复核后发现多发的，在此登记，跟踪至追回或核销。金额不能超过已发放的金额。', 'When an upheld objection or a reassessment shows too much was paid, record it here and follow it until recovered or written off. Never more than was paid.')}</p>
      <ErrorBox message={error} />
      <div class="form-row">
        <Field id="recovery-applicationId" label={t('申请编号', 'Application number')} error={errors.applicationId}>
          <input id="recovery-applicationId" value={applicationId} onInput={(e) => setApplicationId((e.currentTarget as HTMLInputElement).value)} />
        </Field>
        <Field id="recovery-amountFen" label={t('多付金额（元）', 'Overpaid (yuan)')} error={errors.amountFen}>
          <input id="recovery-amountFen" inputMode="decimal" value={amount} onInput={(e) => setAmount((e.currentTarget as HTMLInputElement).value)} />
        </Field>
      </div>
      <Field id="recovery-reason" label={t('原因', 'Reason')} error={errors.reason}>
        <textarea id="recovery-reason" rows={2} value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />
      </Field>
      <button type="submit" disabled={busy}>{t('登记', 'Record it')}</button>
    </form>
  );
}

/** Settles an open recovery, recovered or written off, with a note for the audit trail. */
function CloseRecovery(props: { recovery: Recovery; onSaved: () => void }) {
  const id = `note-${props.recovery.applicationId}-${props.recovery.seq}`;
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function close(outcome: 'RECOVERED' | 'WRITTEN_OFF') {
    if (note.trim().length < 2) {
      setNoteError(t('请填写说明，例如退款方式或核销依据', 'Add a note, e.g. how it was repaid or why it is written off'));
      return;
    }
    setBusy(true);
    setError(undefined);
    setNoteError(undefined);
    try {
      await api('PUT', `/applications/${props.recovery.applicationId}/recoveries/${props.recovery.seq}`, { outcome, note: note.trim() });
      props.onSaved();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.message);
      setNoteError(caught.byPath().note);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="close-recovery">
      <Field id={id} label={t('结清说明', 'Settlement note')} error={noteError}>
        <input id={id} value={note} onInput={(e) => setNote((e.currentTarget as HTMLInputElement).value)} />
      </Field>
      <ErrorBox message={error} />
      <div class="actions">
        <button disabled={busy} onClick={() => close('RECOVERED')}>{t('已追回', 'Recovered')}</button>
        <button class="secondary" disabled={busy} onClick={() => close('WRITTEN_OFF')}>{t('核销', 'Write off')}</button>
      </div>
    </div>
  );
}

export function Recoveries() {
  const [status, setStatus] = useState<RecoveryStatus>('OPEN');
  const list = useGet<{ items: Recovery[] }>(`/recoveries?status=${status}`);
  const items = list.data?.items;
  const error = list.error;
  const [notice, setNotice] = useState<string>();
  const saved = (message: string) => () => {
    setNotice(message);
    list.reload();
  };

  return (
    <FinancePage section="recoveries" title={t('多付追回', 'Overpayments')}>
      {notice && <p class="notice" role="status">{notice}</p>}
      <OpenRecovery onSaved={saved(t('已登记多付，待追回。', 'Overpayment recorded, to be recovered.'))} />
      <div class="toolbar">
        <Field id="recovery-status" label={t('状态', 'Status')}>
          <select id="recovery-status" value={status} onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value as RecoveryStatus)}>
            {(Object.keys(statusNames) as RecoveryStatus[]).map((key) => <option key={key} value={key}>{t(...statusNames[key])}</option>)}
          </select>
        </Field>
      </div>
      <ErrorBox message={error && t(`无法读取追回记录：${error}。请稍后刷新重试。`, `Could not load the recoveries: ${error}. Refresh to try again.`)} />
      {!items && !error && <Loading />}
      {items?.length === 0 && <Empty>{t(`没有${statusNames[status][0]}的记录。`, `Nothing ${statusNames[status][1].toLowerCase()}.`)}</Empty>}
      <ul class="cards">
        {items?.map((recovery) => (
          <li key={`${recovery.applicationId}-${recovery.seq}`} class="card">
            <h3>
              <a href={`#/applications/${recovery.applicationId}`} class="reference">{recovery.applicationId}</a> · {formatYuan(recovery.amountFen)}
            </h3>
            <p>{recovery.reason}</p>
            <p class="muted small">
              {programName(recovery.program)} · <UnitName id={recovery.orgUnit} /> · {t('登记于 ', 'Recorded ')}{when(recovery.openedAt)} · {recovery.openedBy.name}
              {recovery.closedAt && <> · {t(...statusNames[recovery.status])} {when(recovery.closedAt)}{recovery.note ? `：${recovery.note}` : ''}</>}
            </p>
            {recovery.status === 'OPEN' && <CloseRecovery recovery={recovery} onSaved={saved(t('已结清。', 'Settled.'))} />}
          </li>
        ))}
      </ul>
    </FinancePage>
  );
}
