import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, session } from '../api.ts';
import type { Application } from '../application.ts';
import { CheckList, ErrorBox, Field, Loading } from '../components.tsx';
import { formatYuan } from '../format.ts';
import { paymentStatusName, programName, statusName, t, when } from '../i18n.ts';
import { OfficialFacts, OfficialReview } from './official/ApplicationReview.tsx';
import { homeOf } from './SignIn.tsx';
import { BankAccountFix, Progress } from './worker/Progress.tsx';

const WITHDRAWABLE = ['SUBMITTED', 'CHECKING', 'PENDING_APPROVAL', 'PUBLIC_NOTICE', 'AWAITING_BUDGET'];

/** What the worker should do now, in plain words. */
function nextStep(application: Application, isOwner: boolean): string | undefined {
  if (!isOwner) return undefined;
  switch (application.status) {
    case 'INELIGIBLE':
      return t('不符合条件的原因见下方各项审核结果。如情况有变，可重新申请。', 'The checks below say why. If your circumstances change, you may apply again.');
    case 'PENDING_APPROVAL':
      return t('工会正在逐级审批，无需您操作。', 'Your union is approving it level by level; nothing for you to do.');
    case 'PUBLIC_NOTICE':
      return t('审批已通过，正在公示。公示期满无异议后发放。', 'Approved and on public notice; it is paid when the notice ends without objection.');
    case 'REJECTED':
      return t('如不服审批结果，可提出一次申诉，由上一级工会复核。', 'If you disagree, you may appeal once; the union one level up reviews it.');
    case 'PAYMENT_FAILED':
      return t('银行转账失败，请核对并更正您的银行卡信息。', 'The bank transfer failed: please check and correct your bank account.');
    case 'DISBURSING':
      return t('已生成付款指令，等待财务发放。', 'Payment has been issued; finance is sending it.');
    default:
      return undefined;
  }
}

export function ApplicationPage(props: { id: string }) {
  const user = session.user();
  const [application, setApplication] = useState<Application>();
  const [error, setError] = useState<string>();
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();

  const load = () => api<Application>('GET', `/applications/${props.id}`).then(setApplication).catch((e: Error) => setError(e.message));
  useEffect(() => {
    void load();
  }, [props.id]);

  if (error && !application) return <main class="page"><ErrorBox message={error} /></main>;
  if (!application) return <main class="page"><Loading /></main>;
  const isOwner = application.applicant.sub === user?.sub;
  const isOfficial = user?.groups.includes('official') ?? false;

  async function act(method: string, path: string, body: unknown, done: string) {
    setBusy(true);
    setError(undefined);
    setCommentError(undefined);
    try {
      await api(method, path, body);
      setNotice(done);
      setComment('');
      await load();
    } catch (caught) {
      if (caught instanceof ApiError) {
        setError(caught.message);
        setCommentError(caught.fields.find((field) => field.path === 'comment' || field.path === 'reason')?.message);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class={isOfficial ? 'page wide' : 'page'}>
      <p class="crumbs"><a href={user ? homeOf(user) : '#/signin'}>{t('返回', 'Back')}</a></p>
      <h1>{programName(application.program)}</h1>
      <p>
        <span class={`status status-${application.status}`}>{statusName(application.status)}</span>{' '}
        <span class="muted">{application.id} · {when(application.submittedAt)}</span>
      </p>
      <Progress application={application} />
      {nextStep(application, isOwner) && <p class="next-step">{nextStep(application, isOwner)}</p>}
      {notice && <p class="notice" role="status">{notice}</p>}
      <ErrorBox message={error} />

      {application.decision && (
        <section>
          <h2>{t('资格审核', 'Eligibility checks')}</h2>
          <CheckList checks={application.decision.checks} />
          {application.decision.eligible && (
            <>
              <h2>{t('资助金额', 'Amount')}</h2>
              <p class="amount">{formatYuan(application.decision.amountFen)}</p>
              <ul class="computation">
                {application.decision.computation.map((line, index) => <li key={index}>{line.label}：{formatYuan(line.amountFen)}</li>)}
              </ul>
            </>
          )}
          <p class="muted small">{t('依据政策版本 ', 'Decided under policy version ')}{application.decision.policyVersion}</p>
        </section>
      )}

      {isOfficial && <OfficialFacts application={application} />}

      <section>
        <h2>{t('进度', 'Progress')}</h2>
        <ol class="timeline">
          {application.history.map((entry, index) => (
            <li key={index}>
              <strong>{statusName(entry.status)}</strong> <span class="muted">{when(entry.at)} · {entry.actor.name}</span>
              {entry.note && <p>{entry.note}</p>}
            </li>
          ))}
        </ol>
      </section>

      {application.payment.length > 0 && (
        <section>
          <h2>{t('付款', 'Payment')}</h2>
          <ul class="list">
            {application.payment.map((payment) => <li key={payment.instructionId}>{formatYuan(payment.amountFen)} · {payment.accountNumber} · {paymentStatusName(payment.status)}</li>)}
          </ul>
        </section>
      )}

      {isOfficial && (
        <OfficialReview
          application={application}
          onDecided={async (done) => {
            setNotice(done);
            await load();
          }}
        />
      )}

      {isOwner && WITHDRAWABLE.includes(application.status) && (
        <div class="actions">
          <button class="secondary" disabled={busy} onClick={() => confirm(t('确定撤回这份申请吗？', 'Withdraw this application?')) && act('POST', `/applications/${application.id}/withdraw`, undefined, t('已撤回', 'Withdrawn'))}>{t('撤回申请', 'Withdraw')}</button>
        </div>
      )}

      {isOwner && application.status === 'PAYMENT_FAILED' && (
        <BankAccountFix applicationId={application.id} holder={application.applicant.name} onDone={() => { setNotice(t('已更正，款项将重新发放', 'Corrected: the payment will be issued again')); void load(); }} />
      )}

      {isOwner && application.status === 'REJECTED' && (
        <section>
          <h2>{t('申诉', 'Appeal')}</h2>
          <Field id="reason" label={t('申诉理由', 'Why you disagree')} error={commentError}>
            <textarea id="reason" rows={3} value={comment} onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)} />
          </Field>
          <button disabled={busy} onClick={() => act('POST', `/applications/${application.id}/appeal`, { reason: comment }, t('申诉已提交', 'Appeal sent'))}>{t('提交申诉', 'Send the appeal')}</button>
        </section>
      )}
    </main>
  );
}
