import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, session } from '../../api.ts';
import type { Application } from '../../application.ts';
import { Empty, ErrorBox, Field, Loading, ScrollBox } from '../../components.tsx';
import { formatYuan } from '../../format.ts';
import { nameOf, statusName, t, when } from '../../i18n.ts';
import { UnitName } from '../../org-units.tsx';
import { codeNames, documentNames, documentVerdictNames, roleNames } from '../../code-names.ts';
import { requiredDocuments } from '../../../../functions/domain/documents.ts';
import { DocumentGallery, useApplicationDocuments } from '../../documents.tsx';

const fieldNames: Record<string, [string, string]> = {
  campaignId: ['送温暖活动', 'Campaign'],
  householdFileId: ['困难职工档案', 'Hardship file'],
  addedReason: ['增补理由', 'Why added'],
  delivery: ['发放方式', 'Delivery'],
  tier: ['核定困难类别', 'Tier assessed'],
  category: ['申请类别', 'Category'],
  household: ['家庭', 'Household'],
  size: ['家庭人口', 'Household size'],
  annualIncomeFen: ['年收入', 'Annual income'],
  child: ['子女', 'Child'],
  name: ['姓名', 'Name'],
  idNumber: ['身份证号', 'ID number'],
  school: ['院校', 'School'],
  schoolKind: ['院校类型', 'Kind of school'],
  level: ['就读层次', 'Level'],
  admissionYear: ['录取年份', 'Year admitted'],
  otherFunding: ['已获其他资助', 'Other funding'],
  bankAccount: ['收款账户', 'Bank account'],
  holder: ['户名', 'Holder'],
  bank: ['开户银行', 'Bank'],
  number: ['账号', 'Number'],
  members: ['家庭成员', 'Member'],
  relation: ['关系', 'Relation'],
  age: ['年龄', 'Age'],
  condition: ['健康状况', 'Health'],
  rigidExpenditureFen: ['刚性支出', 'Unavoidable spending'],
  accidentCostFen: ['意外支出', 'Accident costs'],
  compensationFen: ['已获赔偿', 'Compensation'],
  assets: ['资产', 'Assets'],
  homes: ['住房套数', 'Homes'],
  ownsBusiness: ['经营企业', 'Owns a business'],
  employsStaff: ['雇用他人', 'Employs staff'],
  vehicleInRegularUse: ['有常用车辆', 'Vehicle in regular use'],
  driverByTrade: ['以驾驶为业', 'Driver by trade'],
  childAtHighFeePrivateSchool: ['子女就读高收费民办学校', 'Child at a high-fee private school'],
  childSelfFundedAbroad: ['子女自费留学', 'Child self-funded abroad'],
  causes: ['致困原因', 'Causes'],
  main: ['主要', 'Main'],
  secondary: ['其他', 'Other'],
  aidKinds: ['救助类别', 'Kinds of aid'],
  medicalSelfPaidFen: ['自付医疗费', 'Self-paid medical costs'],
  students: ['在读学生', 'Student'],
  plan: ['保障计划', 'Plan'],
  incident: ['事故', 'Incident'],
  kind: ['类型', 'Kind'],
  date: ['日期', 'Date'],
  admittedOn: ['入院日期', 'Admitted'],
  dischargedOn: ['出院日期', 'Discharged'],
  disease: ['疾病', 'Disease'],
  womenCategory: ['疾病类别', 'Category'],
  disabilityGrade: ['伤残等级', 'Disability grade'],
  death: ['身故', 'Death'],
  allowanceDays: ['津贴天数', 'Allowance days'],
  cause: ['原因', 'Cause'],
  billedFen: ['医疗总费用', 'Billed'],
  selfPaidFen: ['自付费用', 'Self-paid'],
};

const approvalStatusNames: Record<string, [string, string]> = {
  PENDING: ['待审批', 'Pending'],
  APPROVED: ['通过', 'Approved'],
  REJECTED: ['驳回', 'Rejected'],
  CANCELLED: ['已取消', 'Cancelled'],
};

const actionNames: Record<string, [string, string]> = {
  SUBMIT: ['提交申请', 'Submitted'],
  START_CHECK: ['开始资格审核', 'Eligibility check started'],
  DECIDE_ELIGIBILITY: ['资格判定', 'Eligibility decided'],
  REQUEST_APPROVAL: ['提请审批', 'Approval requested'],
  APPROVE_LEVEL: ['审批通过', 'Level approved'],
  REJECT_LEVEL: ['审批驳回', 'Level rejected'],
  REMIND_APPROVAL: ['逾期提醒', 'Overdue reminder'],
  ESCALATE_APPROVAL: ['逾期上收', 'Escalated as overdue'],
  START_NOTICE: ['开始公示', 'Public notice started'],
  OBJECT: ['公示异议', 'Objection lodged'],
  REVIEW_AFTER_OBJECTION: ['异议复核', 'Reviewed after objection'],
  REJECT: ['驳回', 'Rejected'],
  WITHDRAW: ['申请人撤回', 'Withdrawn'],
  APPEAL: ['申诉', 'Appealed'],
  RESERVE_BUDGET: ['预留预算', 'Budget reserved'],
  AWAIT_BUDGET: ['等待预算', 'Waiting for budget'],
  ISSUE_PAYMENT: ['生成付款指令', 'Payment issued'],
  REISSUE_PAYMENT: ['重新付款', 'Payment reissued'],
  PAYMENT_PAID: ['已到账', 'Paid'],
  PAYMENT_FAILED: ['付款失败', 'Payment failed'],
  UPDATE_BANK_ACCOUNT: ['更正银行账户', 'Bank account corrected'],
  OPEN_RECOVERY: ['登记多付追回', 'Overpayment recorded'],
  RECOVERY_RECOVERED: ['已追回', 'Recovered'],
  RECOVERY_WRITTEN_OFF: ['已核销', 'Written off'],
  DOCUMENT_READ: ['查看证明材料', 'Documents viewed'],
  READ_ID_NUMBERS: ['查看完整身份证号（审批用）', 'Full ID numbers viewed (to decide)'],
  DOCUMENT_REVIEW: ['审核证明材料', 'Documents reviewed'],
  REQUEST_DOCUMENTS: ['要求补充材料', 'Documents requested'],
  ADD_DOCUMENTS: ['补充材料', 'Documents added'],
  DOCUMENTS_REQUEST_EXPIRED: ['补充材料逾期', 'Documents not added in time'],
  PROPOSE: ['依数据主动发起（免申即享）', 'Proposed from partner data'],
  CONFIRM_PROPOSAL: ['职工确认', 'Confirmed by the worker'],
  CONFIRM_PROPOSAL_LIST: ['干部整批确认（免申即享）', 'Confirmed with the list by officials'],
  DECLINE_PROPOSAL: ['职工谢绝', 'Declined by the worker'],
  EXPIRE_PROPOSAL: ['逾期未确认', 'Not confirmed in time'],
};

/** What a step recorded besides the status, in words (the record's own field names are not for readers). */
const recordedNames: Record<string, [string, string]> = {
  decision: ['资格审核结果', 'the eligibility decision'],
  round: ['审批轮次', 'the review round'],
  approvalLevels: ['审批层级', 'the approval levels'],
  reservation: ['预算预留', 'the budget reservation'],
  noticeEndsAt: ['公示截止时间', 'the end of the notice'],
  rejectedLevel: ['驳回的层级', 'the rejecting level'],
  appealedAt: ['申诉时间', 'the appeal'],
  appealUntil: ['申诉期限', 'the appeal deadline'],
  details: ['申请内容', 'the application details'],
  bankAccountUpdatedAt: ['收款账户更正', 'the bank-account correction'],
  claims: ['防重复申请登记', 'the duplicate-claim records'],
  parkedAt: ['等待预算的顺序', 'the place in the budget queue'],
  documents: ['证明材料', 'the documents'],
  documentReview: ['材料审核结果', 'the documents review'],
  documentsRequest: ['补充材料要求', 'the documents request'],
};

function factValue(path: string[], value: unknown): string {
  const key = path.at(-1) ?? '';
  if (typeof value === 'boolean') return value ? t('是', 'Yes') : t('否', 'No');
  if (typeof value === 'number' && key.endsWith('Fen')) return formatYuan(value);
  if (Array.isArray(value)) return value.length ? value.map((item) => factValue(path, item)).join(t('、', ', ')) : '—';
  return typeof value === 'string' && codeNames[value] && key !== 'name' ? nameOf(codeNames, value) : String(value);
}

/** The form's order (that of fieldNames), whatever order the stored details have. */
const order = Object.keys(fieldNames);
const byFormOrder = ([a]: [string, unknown], [b]: [string, unknown]) => (order.indexOf(a) + 1 || order.length + 1) - (order.indexOf(b) + 1 || order.length + 1);

/** The details as labelled rows, nested objects and lists flattened ("家庭成员 1 · 姓名"). */
function facts(value: unknown, path: string[] = [], labels: string[] = []): [string, string][] {
  if (Array.isArray(value) && value.some((item) => item && typeof item === 'object')) {
    return value.flatMap((item, index) => facts(item, path, [...labels.slice(0, -1), `${labels.at(-1) ?? ''} ${index + 1}`]));
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value)
      .sort(byFormOrder)
      .flatMap(([field, inner]) => facts(inner, [...path, field], [...labels, nameOf(fieldNames, field)]));
  }
  return [[labels.join(' · '), factValue(path, value)]];
}

/** Who applied and what they stated, then the documents they attached: what an official weighs. */
export function OfficialFacts(props: { application: Application; onChanged: () => Promise<void> }) {
  const { applicant, details } = props.application;
  const { attachments: _attachments, ...stated } = details as { attachments?: unknown } & Record<string, unknown>;
  const ids = JSON.stringify(stated).match(/"idNumber":"[^"]*"/g) ?? [];
  const masked = ids.some((id) => id.includes('*'));
  return (
    <>
      <section aria-labelledby="applicant">
        <h2 id="applicant">{t('申请人', 'Applicant')}</h2>
        <dl class="facts">
          <dt>{t('姓名', 'Name')}</dt>
          <dd>{applicant.name}</dd>
          <dt>{t('会员证号', 'Member number')}</dt>
          <dd>{applicant.memberNumber}</dd>
          <dt>{t('所在工会', 'Union')}</dt>
          <dd><UnitName id={applicant.orgUnit} /></dd>
          {facts(stated).map(([label, value]) => (
            <Fragment key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
        </dl>
        {ids.length > 0 && <p class="muted small">{masked ? t('身份证号已部分隐藏：轮到您审批时才完整显示。', 'ID numbers are partly hidden: they show in full when the decision is yours.') : t('身份证号完整显示，因为这一级由您审批；银行账号只显示末四位。', 'ID numbers show in full because this level is yours to decide; bank accounts show their last four digits.')}</p>}
      </section>
      <OfficialDocuments application={props.application} onChanged={props.onChanged} />
    </>
  );
}

/**
 * The documents as the deciding officials see them: thumbnails by kind, a photo in full view, a
 * PDF in a new tab (opening the page is one audited read). The official who decides now marks
 * each kind accepted, missing or unreadable; missing or unreadable asks the worker for it.
 */
function OfficialDocuments(props: { application: Application; onChanged: () => Promise<void> }) {
  const { application } = props;
  const [reload, setReload] = useState(0);
  const { documents, error } = useApplicationDocuments(application.id, reload);
  const [verdicts, setVerdicts] = useState<Record<string, { verdict: string; note: string }>>({});
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const pending = application.approvals.find((approval) => approval.status === 'PENDING');
  const decidesNow = pending !== undefined && application.status === 'PENDING_APPROVAL' && pending.orgUnit === session.user()?.orgUnit;
  const kinds = [...new Set([...(requiredDocuments[application.program] ?? []), ...(application.documents ?? []).map((document) => document.kind)])];

  async function send() {
    setBusy(true);
    setProblem(undefined);
    try {
      const reviews = Object.entries(verdicts).filter(([, value]) => value.verdict).map(([kind, value]) => ({ kind, verdict: value.verdict, ...(value.note.trim() ? { note: value.note.trim() } : {}) }));
      const reply = await api<{ status: string }>('POST', `/applications/${application.id}/document-review`, { reviews });
      setDone(reply.status === 'DOCUMENTS_REQUESTED' ? t('已请申请人补充材料', 'The applicant has been asked for the documents') : t('材料审核已记录', 'The review is recorded'));
      setVerdicts({});
      await props.onChanged();
    } catch (caught) {
      setProblem((caught as Error).message);
    } finally {
      setBusy(false);
      setReload((n) => n + 1);
    }
  }

  const review = application.documentReview ?? {};
  return (
    <section aria-labelledby="documents">
      <h2 id="documents">{t('证明材料', 'Documents')}</h2>
      {application.documentsRequest && application.status === 'DOCUMENTS_REQUESTED' && (
        <p class="banner">{t(`已请申请人在 ${when(application.documentsRequest.dueAt)} 前补充：${application.documentsRequest.kindNames.join('、')}`, `The applicant was asked for ${application.documentsRequest.kindNames.join(', ')} by ${when(application.documentsRequest.dueAt)}`)}</p>
      )}
      {error ? (
        <Empty>{error}</Empty>
      ) : !documents ? (
        <Loading />
      ) : (
        <DocumentGallery
          documents={documents}
          kinds={kinds}
          after={(kind) => (
            <div class="review-verdict">
              {review[kind] && <span class={`verdict-${review[kind].verdict}`}>{nameOf(documentVerdictNames, review[kind].verdict)}（{review[kind].by}{review[kind].note ? `：${review[kind].note}` : ''}）</span>}
              {decidesNow && (
                <>
                  <label class="visually-hidden" for={`verdict-${kind}`}>{t(`${nameOf(documentNames, kind)}审核结果`, `Verdict on the ${nameOf(documentNames, kind).toLowerCase()}`)}</label>
                  <select id={`verdict-${kind}`} value={verdicts[kind]?.verdict ?? ''} onChange={(e) => setVerdicts((all) => ({ ...all, [kind]: { verdict: (e.currentTarget as HTMLSelectElement).value, note: all[kind]?.note ?? '' } }))}>
                    <option value="">{t('（不变）', '(unchanged)')}</option>
                    {Object.keys(documentVerdictNames).map((verdict) => <option key={verdict} value={verdict}>{nameOf(documentVerdictNames, verdict)}</option>)}
                  </select>
                  {verdicts[kind]?.verdict && verdicts[kind]?.verdict !== 'accepted' && (
                    <>
                      <label class="visually-hidden" for={`verdict-note-${kind}`}>{t('请申请人补充什么', 'What the applicant should bring')}</label>
                      <input id={`verdict-note-${kind}`} placeholder={t('说明（如：照片模糊，请重拍）', 'Note (e.g. blurred, take it again)')} value={verdicts[kind]?.note ?? ''} onInput={(e) => setVerdicts((all) => ({ ...all, [kind]: { verdict: all[kind]?.verdict ?? '', note: (e.currentTarget as HTMLInputElement).value } }))} />
                    </>
                  )}
                </>
              )}
            </div>
          )}
        />
      )}
      {decidesNow && documents && (
        <>
          <p class="hint">{t('标为“缺少”或“看不清”的，将请申请人补充（期限 14 天），其间暂停审批。', 'Kinds marked missing or unreadable are asked of the applicant (14 days); the approval waits meanwhile.')}</p>
          <ErrorBox message={problem} />
          {done && <p class="notice" role="status">{done}</p>}
          <button class="secondary" disabled={busy || !Object.values(verdicts).some((value) => value.verdict)} onClick={send}>{t('保存材料审核', 'Save the documents review')}</button>
        </>
      )}
    </section>
  );
}

interface AuditEvent {
  seq: number;
  at: string;
  actor: { sub: string; name: string; role: string; orgUnit: string };
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason?: string;
}

type Verdict = { valid: true; events: number } | { valid: false; brokenAt: { index: number; seq: number | null; reason: string } };

/** before → after in words: the status change, and which other fields the step set. */
function change(event: AuditEvent): string {
  const from = event.before?.status;
  const to = event.after?.status;
  const status = typeof to === 'string' ? (typeof from === 'string' && from !== to ? `${statusName(from)} → ${statusName(to)}` : statusName(to)) : '';
  const others = Object.keys(event.after ?? {}).filter((key) => key in recordedNames).map((key) => nameOf(recordedNames, key));
  return [status, others.length ? t(`记录：${others.join('、')}`, `recorded ${others.join(', ')}`) : ''].filter(Boolean).join('；');
}

function AuditTrail(props: { id: string; version: string | undefined }) {
  const [events, setEvents] = useState<AuditEvent[]>();
  const [error, setError] = useState<string>();
  const [verdict, setVerdict] = useState<Verdict>();
  const [checking, setChecking] = useState(false);
  useEffect(() => {
    api<{ items: AuditEvent[] }>('GET', `/audit/${props.id}`).then((r) => setEvents(r.items)).catch((e: Error) => setError(e.message));
  }, [props.id, props.version]);

  async function verify() {
    setChecking(true);
    setVerdict(undefined);
    try {
      setVerdict(await api<Verdict>('GET', `/audit/${props.id}/verify`));
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setChecking(false);
    }
  }

  return (
    <section aria-labelledby="audit">
      <h2 id="audit">{t('审计记录', 'Audit history')}</h2>
      <ErrorBox message={error} />
      {!events && !error && <Loading />}
      {events?.length === 0 && <Empty>{t('暂无审计记录。', 'No audit events yet.')}</Empty>}
      {events && events.length > 0 && (
        <ScrollBox label={t('审计记录', 'Audit history')}>
          <table>
            <caption class="visually-hidden">{t('每一步：谁、何时、做了什么、理由', 'Each step: who, when, what, why')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('时间', 'When')}</th>
                <th scope="col">{t('操作人', 'Who')}</th>
                <th scope="col">{t('操作', 'What')}</th>
                <th scope="col">{t('变化', 'Change')}</th>
                <th scope="col">{t('理由', 'Why')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.seq}>
                  <td>{event.seq}</td>
                  <td>{when(event.at)}</td>
                  <td>{event.actor.name} <span class="muted">{t(`（${nameOf(roleNames, event.actor.role)}）`, `(${nameOf(roleNames, event.actor.role)})`)}</span></td>
                  <td>{nameOf(actionNames, event.action)}</td>
                  <td>{change(event)}</td>
                  <td>{event.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      <div class="actions">
        <button class="secondary" disabled={checking} onClick={verify}>{t('校验审计链', 'Verify the chain')}</button>
      </div>
      {verdict && (
        <p class={verdict.valid ? 'notice' : 'error-box'} role="status">
          {verdict.valid
            ? t(`审计链完整：${verdict.events} 条记录均未被改动。`, `The chain is intact: none of its ${verdict.events} events was changed.`)
            : t(`审计链在第 ${verdict.brokenAt.seq ?? verdict.brokenAt.index + 1} 条断开（${verdict.brokenAt.reason}）。请勿据此审批，并报告系统管理员。`, `The chain breaks at event ${verdict.brokenAt.seq ?? verdict.brokenAt.index + 1} (${verdict.brokenAt.reason}). Do not decide on it; report it to the administrator.`)}
        </p>
      )}
    </section>
  );
}

/** The levels so far, approve or reject when the decision is this official's, then the audit trail. */
export function OfficialReview(props: { application: Application; onDecided: (notice: string) => Promise<void> }) {
  const { application } = props;
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const pending = application.approvals.find((approval) => approval.status === 'PENDING');
  // Officials above the pending level see the application too, but only the pending unit decides it.
  const decidesNow = pending !== undefined && application.status === 'PENDING_APPROVAL' && pending.orgUnit === session.user()?.orgUnit;

  async function decide(decision: 'approve' | 'reject') {
    setBusy(true);
    setError(undefined);
    setCommentError(undefined);
    try {
      await api('POST', `/approvals/${application.id}/decision`, { decision, comment: comment.trim() || undefined });
      setComment('');
      await props.onDecided(decision === 'approve' ? t('已批准', 'Approved') : t('已驳回', 'Rejected'));
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.message);
      setCommentError(caught.fields.find((field) => field.path === 'comment')?.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <section aria-labelledby="levels">
        <h2 id="levels">{t('审批层级', 'Approval levels')}</h2>
        {application.approvals.length === 0 ? (
          <Empty>{t(`需经 ${application.approvalLevels.join('、') || '—'} 级审批，尚未开始。`, `Needs levels ${application.approvalLevels.join(', ') || '—'}; not started yet.`)}</Empty>
        ) : (
          <ol class="levels">
            {application.approvals.map((approval) => (
              <li key={`${approval.round}-${approval.level}`} class={`level-${approval.status}`}>
                <strong>{t(`第 ${approval.level} 级`, `Level ${approval.level}`)}</strong> · <UnitName id={approval.orgUnit} /> · {nameOf(approvalStatusNames, approval.status)}
                {approval.round > 1 && <span class="muted">{t(`（申诉复核第 ${approval.round} 轮）`, ` (appeal round ${approval.round})`)}</span>}
                {approval.decidedBy && (
                  <span class="muted">
                    {' '}· {approval.decidedBy.name}
                    {approval.onBehalfOf && t(`（代 ${approval.onBehalfOf.name}）`, ` for ${approval.onBehalfOf.name}`)} · {when(approval.decidedAt)}
                  </span>
                )}
                {approval.comment && <p>{approval.comment}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>

      {pending && !decidesNow && application.status === 'PENDING_APPROVAL' && (
        <p class="next-step">{t(`等待第 ${pending.level} 级审批：`, `Awaiting the level ${pending.level} decision: `)}<UnitName id={pending.orgUnit} /></p>
      )}

      {pending && decidesNow && (
        <section class="decide" aria-labelledby="decide">
          <h2 id="decide">{t(`第 ${pending.level} 级审批`, `Level ${pending.level} decision`)}</h2>
          <ErrorBox message={error} />
          <Field id="comment" label={t('审批意见', 'Comment')} hint={t('驳回时必须说明理由，申请人会看到。', 'A rejection needs a reason; the applicant will see it.')} error={commentError}>
            <textarea id="comment" rows={3} value={comment} onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)} />
          </Field>
          <div class="actions">
            <button disabled={busy} onClick={() => decide('approve')}>{t('批准', 'Approve')}</button>
            <button class="danger" disabled={busy} onClick={() => decide('reject')}>{t('驳回', 'Reject')}</button>
          </div>
        </section>
      )}

      <AuditTrail id={application.id} version={application.updatedAt} />
    </>
  );
}
