import { SendTaskFailureCommand, InvalidToken, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { DOCUMENTS_REQUEST_DAYS, type DocumentReview, type DocumentVerdict } from '../domain/documents.ts';
import { documentKindsOf } from '../domain/programs/document-kinds.ts';
import { getApplication, transitionApplication } from '../store/applications.ts';
import { listApprovalsOf } from '../store/approvals.ts';
import { loadOrgTree } from '../store/directory.ts';
import { now } from '../shared/clock.ts';
import { documentNames, documentVerdictNames, nameIn, statusNames } from '../shared/code-names.ts';
import { shanghaiDate } from '../shared/dates.ts';
import { ConflictError, ForbiddenError, ValidationError, type FieldProblem } from '../shared/errors.ts';
import { sfn } from '../shared/sfn.ts';
import { maySee, type Caller } from './access.ts';
import { applicationNotFound } from './application-errors.ts';
import { fourEyesProblem } from './decide-application.ts';

/** The error that takes the waiting approval task to the workflow's documents wait. */
export const DOCUMENTS_REQUESTED = 'DocumentsRequested';

export interface KindReview {
  kind: string;
  verdict: DocumentVerdict;
  /** What is wrong or what to bring (shown to the worker). */
  note?: string | undefined;
}

/**
 * The deciding official reviews the documents, kind by kind.
 * 1. The application must be visible (else 404) and awaiting approval (else 409); the official
 *    must hold its pending level (else 403), and four-eyes holds (not the applicant nor the filer).
 * 2. Each kind must be one of the program's; an accepted kind needs a document of it.
 * 3. Record each verdict (who, when) with its audit event. When a kind is missing or unreadable,
 *    the application moves to DOCUMENTS_REQUESTED with those kinds and a deadline
 *    (DOCUMENTS_REQUEST_DAYS), and the approval task is failed with DocumentsRequested: the
 *    workflow waits for the worker's documents (add-requested-documents.ts), or the deadline.
 */
export async function reviewDocuments(caller: Caller, applicationId: string, reviews: KindReview[], requestId: string | undefined) {
  const tree = await loadOrgTree();
  const application = await getApplication(applicationId);
  if (!application || !maySee(caller, application, tree)) throw applicationNotFound();
  if (application.status !== 'PENDING_APPROVAL') {
    const status = nameIn(statusNames, application.status);
    throw new ConflictError('WRONG_STATE', { zh: `申请当前状态为“${status.zh}”，现在不能审核材料`, en: `The application is ${status.en.toLowerCase()}; its documents cannot be reviewed now` });
  }
  const approvals = await listApprovalsOf(application.id);
  const pending = approvals.find((approval) => approval.round === application.round && approval.status === 'PENDING');
  if (!pending || (pending.deciderLevel ?? pending.level) !== caller.level || pending.orgUnit !== caller.orgUnit) {
    throw new ForbiddenError({ zh: '该申请当前不在您的审批级别', en: 'This application is not awaiting a decision at your level' });
  }
  const fourEyes = fourEyesProblem(caller, application, approvals, pending.level);
  if (fourEyes) throw new ForbiddenError(fourEyes);

  const kinds = documentKindsOf[application.program];
  const present = new Set((application.documents ?? []).map((document) => document.kind));
  const problems: FieldProblem[] = [];
  reviews.forEach((review, index) => {
    if (!kinds.includes(review.kind)) problems.push({ path: `reviews.${index}.kind`, message: { zh: '该项目没有这类材料', en: 'This program has no such kind of document' } });
    else if (review.verdict === 'accepted' && !present.has(review.kind)) problems.push({ path: `reviews.${index}.verdict`, message: { zh: '这类材料尚未上传，无法确认', en: 'No document of this kind was handed in, so it cannot be accepted' } });
  });
  if (problems.length) throw new ValidationError(problems);

  const at = now();
  const by = { sub: caller.sub, name: caller.name };
  const documentReview: Record<string, DocumentReview> = { ...(application.documentReview ?? {}) };
  for (const review of reviews) documentReview[review.kind] = { verdict: review.verdict, by, at: at.toISOString(), ...(review.note ? { note: review.note } : {}) };
  const wanted = reviews.filter((review) => review.verdict !== 'accepted');
  const actor = { sub: caller.sub, name: caller.name, role: 'official' as const, orgUnit: caller.orgUnit };
  const said = reviews.map((review) => {
    const kind = nameIn(documentNames, review.kind);
    const verdict = nameIn(documentVerdictNames, review.verdict);
    return { zh: `${kind.zh}${verdict.zh}${review.note ? `（${review.note}）` : ''}`, en: `${kind.en}: ${verdict.en.toLowerCase()}${review.note ? ` (${review.note})` : ''}` };
  });

  if (!wanted.length) {
    const changed = await transitionApplication(application.id, {
      from: ['PENDING_APPROVAL'],
      to: 'PENDING_APPROVAL',
      actor,
      action: 'DOCUMENT_REVIEW',
      requestId,
      note: { zh: `材料审核：${said.map((s) => s.zh).join('；')}`, en: `Documents reviewed: ${said.map((s) => s.en).join('; ')}` },
      set: { documentReview },
    });
    if (!changed) throw new ConflictError('WRONG_STATE', { zh: '申请状态已变化，请刷新后再试', en: 'The application changed meanwhile; reload and try again' });
    return { status: 'PENDING_APPROVAL' as const, documentReview };
  }

  const dueAt = new Date(at.getTime() + DOCUMENTS_REQUEST_DAYS * 86_400_000).toISOString();
  const due = shanghaiDate(dueAt);
  const changed = await transitionApplication(application.id, {
    from: ['PENDING_APPROVAL'],
    to: 'DOCUMENTS_REQUESTED',
    actor,
    action: 'REQUEST_DOCUMENTS',
    requestId,
    note: { zh: `请在 ${due} 前补充材料：${said.filter((_, i) => reviews[i]?.verdict !== 'accepted').map((s) => s.zh).join('；')}`, en: `Please add documents by ${due}: ${said.filter((_, i) => reviews[i]?.verdict !== 'accepted').map((s) => s.en).join('; ')}` },
    set: {
      documentReview,
      documentsRequest: { kinds: [...new Set(wanted.map((review) => review.kind))], ...(wanted.some((w) => w.note) ? { note: wanted.map((w) => w.note).filter(Boolean).join('；') } : {}), requestedAt: at.toISOString(), dueAt, by: { ...by, orgUnit: caller.orgUnit }, level: pending.level },
    },
  });
  if (!changed) throw new ConflictError('WRONG_STATE', { zh: '申请状态已变化，请刷新后再试', en: 'The application changed meanwhile; reload and try again' });
  try {
    await sfn.send(new SendTaskFailureCommand({ taskToken: pending.taskToken, error: DOCUMENTS_REQUESTED, cause: 'documents requested' }));
  } catch (error) {
    // A re-driven execution waits with a new token: its approval step sees DOCUMENTS_REQUESTED and waits for the documents itself.
    if (!(error instanceof TaskDoesNotExist || error instanceof TaskTimedOut || error instanceof InvalidToken)) throw error;
  }
  return { status: 'DOCUMENTS_REQUESTED' as const, documentReview, dueAt };
}
