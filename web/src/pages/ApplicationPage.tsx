import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, session } from '../api.ts';
import type { Application } from '../application.ts';
import { CheckList, ErrorBox, Field, Loading } from '../components.tsx';
import { formatYuan } from '../format.ts';
import { paymentStatusName, programName, statusName, t, when } from '../i18n.ts';
import { OfficialFacts, OfficialReview } from './official/ApplicationReview.tsx';
import { DocumentGallery, DocumentPicker, useApplicationDocuments, type DraftDocument } from '../documents.tsx';
import { homeOf } from './SignIn.tsx';
import { BankAccountFix, Progress } from './worker/Progress.tsx';
import { ReadAloud } from '../read-aloud.tsx';
import { announceChange, useFollowUp } from '../refresh.ts';
import { PolicyComparison } from '../policy-comparison.tsx';
import { ProposalConfirm } from './worker/ProposalConfirm.tsx';

const appealOpen = (application: Application): boolean => application.mayAppeal === true;

/**
 * Where a finished or refused application stands, first and plainly: 未通过 with the reason and the
 * appeal, or which rules it did not meet and what would change that.
 */
function Outcome(props: { application: Application; isOwner: boolean }) {
  const { application } = props;
  if (application.status === 'REJECTED') {
    const rejected = [...application.approvals].reverse().find((approval) => approval.status === 'REJECTED');
    return (
      <section class="outcome refused" aria-labelledby="outcome">
        <h2 id="outcome">{t('未通过', 'Not approved')}</h2>
        {rejected?.comment && <p>{t('原因：', 'Reason: ')}{rejected.comment}</p>}
        {props.isOwner && appealOpen(application) && (
          <>
            <p>{application.appealUntil ? t(`如不服，可在 ${when(application.appealUntil)} 前申诉一次，由上一级工会复核。`, `If you disagree, you may appeal once before ${when(application.appealUntil)}; the union one level up reviews it.`) : t('如不服，可申诉一次，由上一级工会复核。', 'If you disagree, you may appeal once; the union one level up reviews it.')}</p>
            <a class="button" href="#appeal" onClick={(event) => { event.preventDefault(); document.getElementById('reason')?.focus(); }}>{t('我要申诉', 'Appeal')}</a>
          </>
        )}
        {props.isOwner && !appealOpen(application) && <p>{application.appealedAt ? t('申诉已复核，维持未通过。', 'The appeal was reviewed; the decision stands.') : t('申诉期已过。', 'The time to appeal has passed.')}</p>}
      </section>
    );
  }
  if (application.status === 'INELIGIBLE' && application.decision) {
    const failed = application.decision.checks.filter((check) => !check.passed);
    return (
      <section class="outcome refused" aria-labelledby="outcome">
        <h2 id="outcome">{t('不符合申请条件', 'Not eligible')}</h2>
        <p>{t('未满足以下条件：', 'These conditions were not met:')}</p>
        <ul>
          {failed.map((check) => <li key={check.code}>{check.message}</li>)}
        </ul>
        {props.isOwner && <p>{t('如上述情况有变（例如收入下降、补齐材料），可以重新申请。', 'If any of this changes (lower income, a missing document found), you may apply again.')}</p>}
      </section>
    );
  }
  return null;
}

/** The worker's own documents, as they were handed in (opening them is in the audit trail like anyone's). */
function OwnDocuments(props: { application: Application }) {
  const [shown, setShown] = useState(false);
  const { documents } = useApplicationDocuments(props.application.id, shown ? 1 : 0);
  return (
    <section>
      <h2>{t('证明材料', 'Documents')}</h2>
      {!shown ? (
        <>
          <p>{(props.application.documents ?? []).map((document) => document.kindName).filter((name, index, all) => all.indexOf(name) === index).join(t('、', ', '))} · {t(`共 ${props.application.documents?.length ?? 0} 份`, `${props.application.documents?.length ?? 0} in all`)}</p>
          <button class="secondary" onClick={() => setShown(true)}>{t('查看材料', 'Show the documents')}</button>
        </>
      ) : documents ? (
        <DocumentGallery documents={documents} kinds={[]} />
      ) : (
        <Loading />
      )}
    </section>
  );
}

/** The official's request for documents at the top: what, why, by when, and where to add them. */
function RequestedDocuments(props: { application: Application; onDone: () => void }) {
  const request = props.application.documentsRequest!;
  const [added, setAdded] = useState<DraftDocument[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const missing = request.kinds.filter((kind) => !added.some((document) => document.kind === kind));
  async function send() {
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', `/applications/${props.application.id}/documents`, { documents: added.map((document) => ({ kind: document.kind, documentId: document.id })) });
      props.onDone();
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="banner" aria-labelledby="documents-requested">
      <h2 id="documents-requested">{t('请补充材料', 'Documents requested')}</h2>
      <p>{t(`${request.by}请您在 ${when(request.dueAt)} 前补充：${request.kindNames.join('、')}。`, `${request.by} asks you for: ${request.kindNames.join(', ')}, by ${when(request.dueAt)}.`)}</p>
      {request.note && <p>{t('说明：', 'Note: ')}{request.note}</p>}
      <p class="hint">{t('逾期未补充的，由审批人按现有材料决定。', 'If none come by then, the official decides on what there is.')}</p>
      <DocumentPicker program={props.application.program} kinds={request.kinds} required={request.kinds} documents={added} idPrefix="requested"
        onAdd={(document) => setAdded((list) => [...list, document])} onRemove={(id) => setAdded((list) => list.filter((document) => document.id !== id))} />
      <ErrorBox message={error} />
      <button disabled={busy || missing.length > 0} onClick={send}>{busy ? t('提交中…', 'Sending…') : t('提交补充材料', 'Send the documents')}</button>
    </section>
  );
}

const WITHDRAWABLE = ['SUBMITTED', 'CHECKING', 'PENDING_APPROVAL', 'DOCUMENTS_REQUESTED', 'PUBLIC_NOTICE', 'AWAITING_BUDGET'];

/** What the worker should do now, in plain words. */
function nextStep(application: Application, isOwner: boolean): string | undefined {
  if (!isOwner) return undefined;
  switch (application.status) {
    case 'PENDING_APPROVAL':
      return t('工会正在逐级审批，无需您操作。', 'Your union is approving it level by level; nothing for you to do.');
    case 'PUBLIC_NOTICE':
      return t('审批已通过，正在公示。公示期满无异议后发放。', 'Approved and on public notice; it is paid when the notice ends without objection.');
    case 'DOCUMENTS_REQUESTED':
      return t('工会请您补充材料，请在下方上传。', 'Your union asks you for documents: upload them below.');
    case 'PAYMENT_FAILED':
      return t('银行转账失败，请核对并更正您的银行卡信息。', 'The bank transfer failed: please check and correct your bank account.');
    case 'DISBURSING':
      return t('已生成付款指令，等待财务发放。', 'Payment has been issued; finance is sending it.');
    case 'PROPOSED':
      return t('工会根据数据为您准备好了这项申请：确认银行卡即可，无需交材料。', 'Your union prepared this from partner data: confirm your bank card; no documents needed.');
    case 'EXPIRED':
      return t('未在期限内确认，已过期。如仍需要，可以自行申请。', 'It was not confirmed in time. If you still need it, you may apply yourself.');
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

  const latest = useRef<Application>();
  const load = () =>
    api<Application>('GET', `/applications/${props.id}`)
      .then((loaded) => {
        latest.current = loaded;
        setApplication(loaded);
      })
      .catch((e: Error) => setError(e.message));
  useEffect(() => {
    void load();
  }, [props.id]);
  const follow = useFollowUp(load);
  /** After an action: show it at once, then what the workflow does next (a new history entry), without a reload. */
  const afterAction = async () => {
    await load();
    announceChange();
    const seen = latest.current?.history.length ?? 0;
    follow(() => (latest.current?.history.length ?? 0) > seen);
  };

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
      await afterAction();
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
    <main class={isOfficial ? 'page wide' : 'page'} id="application">
      <p class="crumbs"><a href={user ? homeOf(user) : '#/signin'}>{t('返回', 'Back')}</a></p>
      {isOwner && <ReadAloud target="application" label={t('朗读这份申请', 'Read this application aloud')} />}
      <h1>{programName(application.program)}</h1>
      <p>
        <span class={`status status-${application.status}`}>{statusName(application.status)}</span>{' '}
        <span class="muted">{application.id} · {when(application.submittedAt)}</span>
      </p>
      {application.filedBy && <p class="muted">{t(`由${application.filedBy.name}代为提交（已取得本人签字同意）`, `Filed for the member by ${application.filedBy.name}, with their signed consent`)}</p>}
      {isOwner && application.status === 'DOCUMENTS_REQUESTED' && application.documentsRequest && (
        <RequestedDocuments application={application} onDone={() => { setNotice(t('材料已补充，申请回到审批中', 'Documents added: the application is back with the approvers')); void load(); }} />
      )}
      {isOwner && application.status === 'PROPOSED' && application.proposal && (
        <ProposalConfirm applicationId={application.id} holder={application.applicant.name} proposal={application.proposal} onDone={(done) => { setNotice(done); void afterAction(); }} />
      )}
      {application.proposal && (!isOwner || application.status !== 'PROPOSED') && (
        <p class="muted">{application.proposal.confirmedBy === 'officials' ? t('免申即享：由工会根据数据为您办理，无需申请。', 'Proactive: your union claimed it for you from partner data; no application needed.') : t('免申即享：根据合作单位数据主动发起。', 'Proactive: proposed from partner data.')} {application.proposal.explanation}</p>
      )}
      <Outcome application={application} isOwner={isOwner} />
      <Progress application={application} />
      {nextStep(application, isOwner) && <p class="next-step">{nextStep(application, isOwner)}</p>}
      {notice && <p class="notice" role="status">{notice}</p>}
      <ErrorBox message={error} />
      {application.appealedAt && application.decision && <PolicyComparison id={application.id} detailed={!isOwner} />}

      {application.decision && (
        <section>
          <h2>{t('资格审核', 'Eligibility checks')}</h2>
          <CheckList checks={application.decision.checks} />
          {application.decision.eligible && application.status !== 'REJECTED' && (
            <>
              <h2>{t('资助金额', 'Amount')}</h2>
              <p class="amount">{formatYuan(application.decision.amountFen)}</p>
              <ul class="computation">
                {application.decision.computation.map((line, index) => <li key={index}>{line.label}：{formatYuan(line.amountFen)}</li>)}
              </ul>
            </>
          )}
          {application.decision.policyName && <p class="muted small">{t('依据', 'Decided under ')}{application.decision.policyName}{t('政策参数', ' of the policy')}</p>}
        </section>
      )}

      {isOfficial && <OfficialFacts application={application} onChanged={async () => void (await load())} />}
      {!isOfficial && (application.documents?.length ?? 0) > 0 && <OwnDocuments application={application} />}

      <section>
        <h2>{t('进度', 'Progress')}</h2>
        <ol class="timeline">
          {application.history.map((entry, index) => (
            <li key={index}>
              <strong>{statusName(entry.status)}</strong> <span class="muted">{when(entry.at)} · {entry.actor.name}{entry.actor.roleName && entry.actor.roleName !== entry.actor.name ? t(`（${entry.actor.roleName}）`, ` (${entry.actor.roleName})`) : ''}</span>
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
            await afterAction();
          }}
        />
      )}

      {isOwner && WITHDRAWABLE.includes(application.status) && (
        <div class="actions">
          <button class="secondary" disabled={busy} onClick={() => confirm(t('确定撤回这份申请吗？', 'Withdraw this application?')) && act('POST', `/applications/${application.id}/withdraw`, undefined, t('已撤回', 'Withdrawn'))}>{t('撤回申请', 'Withdraw')}</button>
        </div>
      )}

      {isOwner && application.status === 'PAYMENT_FAILED' && (
        <BankAccountFix applicationId={application.id} holder={application.applicant.name} onDone={() => { setNotice(t('已更正，款项将重新发放', 'Corrected: the payment will be issued again')); void afterAction(); }} />
      )}

      {isOwner && application.status === 'REJECTED' && appealOpen(application) && (
        <section id="appeal">
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
