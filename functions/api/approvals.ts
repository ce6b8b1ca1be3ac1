import * as z from 'zod';
import { getApplication as readApplication, type Application } from '../store/applications.ts';
import { ApprovalAlreadyDecidedError, getApproval, listApprovalQueue, listApprovalsOf, recordApprovalDecision } from '../store/approvals.ts';
import { loadOrgTree } from '../store/directory.ts';
import type { ApprovalRecord } from '../store/types.ts';
import { now } from '../shared/clock.ts';
import { nameIn, statusNames } from '../shared/code-names.ts';
import { shanghaiDate } from '../shared/dates.ts';
import { ConflictError, ForbiddenError, HttpError, NotFoundError } from '../shared/errors.ts';
import { say, type Message } from '../shared/i18n.ts';
import { standingInFor } from '../store/delegations.ts';
import { apiHandler, reply } from '../shared/http.ts';
import { answerTask } from '../use-cases/answer-approval-task.ts';
import { parametersOf } from '../use-cases/look-up-decision-parameters.ts';
import { maySee, type Caller } from './access.ts';
import { applicationSummary, decisionView } from './views.ts';

const DAY_MS = 86_400_000;

/** Four-eyes: nobody decides an application they applied for, nor two levels of the same one. */
function fourEyesProblem(caller: Caller, application: Application, approvals: ApprovalRecord[], pendingLevel: number) {
  if (application.applicant.sub === caller.sub) return { zh: '不能审批本人提交的申请', en: 'You cannot decide your own application' };
  if (approvals.some((approval) => approval.decidedBy?.sub === caller.sub && approval.level !== pendingLevel)) {
    return { zh: '您已审批过该申请的另一级，同一申请不能由同一人审批两级', en: 'You already decided another level of this application; one person may not decide two levels' };
  }
  return undefined;
}

/**
 * The days each level has, by the parameters the application was decided under (as the workflow
 * counts them). A queue shares a few policy versions, so each is read once per listing.
 */
function approvalDaysByPolicy() {
  const days = new Map<string, Promise<number>>();
  return (application: Application): Promise<number> => {
    const version = application.decision?.policyVersion ?? application.id;
    if (!days.has(version)) days.set(version, parametersOf(application).then(({ program, parameters }) => program.approvalDays(parameters)));
    return days.get(version)!;
  };
}

export const listApprovalsQuery = z.object({
  program: z.string().min(1).max(40).optional(),
  tier: z.enum(['DEEP', 'RELATIVE', 'ACCIDENT']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** What this official may decide now, oldest first, with the eligibility explanation inline. */
export const listApprovals = apiHandler({ roles: ['official'], query: listApprovalsQuery }).handler(async ({ auth, query, lang }) => {
  const caller = auth as Caller;
  if (caller.level === undefined) return reply(200, { items: [] });
  const queue = await listApprovalQueue(caller.orgUnit, caller.level, 200);
  const approvalDays = approvalDaysByPolicy();
  const items = [];
  for (const approval of queue) {
    if (query.program && approval.program !== query.program) continue;
    const application = await readApplication(approval.applicationId);
    if (!application || application.status !== 'PENDING_APPROVAL') continue;
    if (query.tier && application.decision?.tier !== query.tier) continue;
    if (fourEyesProblem(caller, application, await listApprovalsOf(application.id), approval.level)) continue;
    const days = await approvalDays(application);
    const dueAt = new Date(Date.parse(approval.requestedAt) + days * DAY_MS).toISOString();
    items.push({
      applicationId: application.id,
      level: approval.level,
      round: approval.round,
      orgUnit: approval.orgUnit,
      requestedAt: approval.requestedAt,
      dueAt,
      overdue: now().toISOString() > dueAt,
      application: applicationSummary(application),
      decision: decisionView(application, lang),
    });
    if (items.length >= query.limit) break;
  }
  return reply(200, { items });
});

export const decisionBody = z
  .object({
    decision: z.enum(['approve', 'reject']),
    comment: z.string().trim().max(1000).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.decision === 'reject' && !body.comment) {
      ctx.addIssue({ code: 'custom', path: ['comment'], message: '驳回须填写理由 / A rejection needs a comment', params: { zh: '驳回须填写理由', en: 'A rejection needs a comment saying why' } });
    }
  });

const applicationIdParams = z.object({ applicationId: z.string().min(1).max(80) });

type DecisionBody = z.infer<typeof decisionBody>;

/**
 * One official's decision on one application. Steps: the application must be visible (else 404)
 * → a pending approval of this official's unit and level (else 403), four-eyes → record the
 * decision with its audit event, naming the colleague stood in for under a delegation → answer
 * the waiting workflow task (SendTaskSuccess / SendTaskFailure).
 */
async function decideOne(caller: Caller, applicationId: string, body: DecisionBody, requestId: string | undefined) {
  const tree = await loadOrgTree();
  const application = await readApplication(applicationId);
  if (!application || !maySee(caller, application, tree)) throw new NotFoundError({ zh: '未找到该申请', en: 'No such application' });
  if (application.status !== 'PENDING_APPROVAL') {
    const status = nameIn(statusNames, application.status);
    throw new ConflictError('WRONG_STATE', { zh: `申请当前状态为“${status.zh}”，已无需审批`, en: `The application is ${status.en.toLowerCase()}; nothing awaits a decision` });
  }
  const approvals = await listApprovalsOf(application.id);
  const pending = approvals.find((approval) => approval.round === application.round && approval.status === 'PENDING');
  if (!pending || (pending.deciderLevel ?? pending.level) !== caller.level || pending.orgUnit !== caller.orgUnit) {
    throw new ForbiddenError({ zh: '该申请当前不在您的审批级别', en: 'This application is not awaiting a decision at your level' });
  }
  const fourEyes = fourEyesProblem(caller, application, approvals, pending.level);
  if (fourEyes) throw new ForbiddenError(fourEyes);

  const approve = body.decision === 'approve';
  const unit = tree.get(pending.orgUnit);
  const standIn = await standingInFor(caller.sub, shanghaiDate(now().toISOString()));
  const who = standIn ? `${caller.name}（代 ${standIn.from.name}）` : caller.name;
  const whoEn = standIn ? `${caller.name} for ${standIn.from.name}` : caller.name;
  try {
    await recordApprovalDecision(
      pending,
      approve ? 'APPROVED' : 'REJECTED',
      { sub: caller.sub, name: caller.name, role: 'official', orgUnit: caller.orgUnit },
      body.comment,
      approve
        ? withComment({ zh: `${unit?.name.zh ?? pending.orgUnit}第 ${pending.level} 级审批通过（${who}）`, en: `Level ${pending.level} approved by ${whoEn} (${unit?.name.en ?? pending.orgUnit})` }, body.comment)
        : { zh: `${unit?.name.zh ?? pending.orgUnit}第 ${pending.level} 级驳回（${who}）`, en: `Level ${pending.level} rejected by ${whoEn} (${unit?.name.en ?? pending.orgUnit})` },
      requestId,
      standIn?.from,
    );
  } catch (error) {
    if (error instanceof ApprovalAlreadyDecidedError) throw new ConflictError('ALREADY_DECIDED', { zh: '该级审批已有决定', en: 'This level has already been decided' });
    throw error;
  }
  // Read the token after our write: a re-driven execution may have replaced it meanwhile.
  const decided = await getApproval(pending.applicationId, pending.round, pending.level);
  if (decided) await answerTask(decided.taskToken, decided);
  return { applicationId: application.id, level: pending.level, decision: body.decision };
}

/** An approval's comment goes into the history the applicant reads (a rejection's reason is its own entry). */
const withComment = (note: Message, comment: string | undefined): Message => (comment ? { zh: `${note.zh}：${comment}`, en: `${note.en}: ${comment}` } : note);

export const decideApproval = apiHandler({ roles: ['official'], params: applicationIdParams, body: decisionBody }).handler(async ({ auth, params, body, requestId }) =>
  reply(200, await decideOne(auth as Caller, params.applicationId, body, requestId)),
);

export const batchDecisionBody = z
  .object({
    applicationIds: z.array(z.string().min(1).max(80)).min(1).max(50),
    decision: z.enum(['approve', 'reject']),
    comment: z.string().trim().max(1000).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.decision === 'reject' && !body.comment) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'A rejection needs a comment', params: { zh: '驳回须填写理由', en: 'A rejection needs a comment saying why' } });
    if (new Set(body.applicationIds).size !== body.applicationIds.length) ctx.addIssue({ code: 'custom', path: ['applicationIds'], message: 'Each application once', params: { zh: '申请编号不能重复', en: 'List each application once' } });
  });

/**
 * Several decisions with one comment. Each is recorded and sent on its own; one failure does not
 * undo the others, and the reply says which succeeded and why the others did not.
 */
export const decideBatch = apiHandler({ roles: ['official'], body: batchDecisionBody }).handler(async ({ auth, body, lang, requestId }) => {
  const results = [];
  for (const applicationId of body.applicationIds) {
    try {
      results.push({ status: 200, ...(await decideOne(auth as Caller, applicationId, { decision: body.decision, comment: body.comment }, requestId)) });
    } catch (error) {
      if (!(error instanceof HttpError) || !error.expose) throw error;
      results.push({ applicationId, status: error.status, error: { code: error.code, message: say(error.text, lang) } });
    }
  }
  return reply(200, { decided: results.filter((result) => result.status === 200).length, results });
});

