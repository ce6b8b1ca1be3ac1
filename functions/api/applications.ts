import { createHmac, randomBytes } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ExecutionAlreadyExists, ExecutionDoesNotExist, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import * as z from 'zod';
import { bankAccountBody, listApplicationsQuery, reasonBody, submitApplicationBody } from './application-schemas.ts';
import { getProgram } from '../domain/programs/index.ts';
import type { ProgramId } from '../domain/programs/types.ts';
import { claimPuts, ClaimTakenError, type PriorClaim, ConcurrentWriteError, createApplication, getApplication as readApplication, IdempotencyRaceError, listApplicationsOfApplicant, listApplicationsOfOrgUnits, transitionApplication } from '../store/applications.ts';
import { cancelPendingApprovals, listApprovalsOf } from '../store/approvals.ts';
import { getProfile, loadOrgTree } from '../store/directory.ts';
import { findStoredReply, requestHash, storedReplyPut } from '../store/idempotency.ts';
import { listPaymentInstructions } from '../store/payments.ts';
import { objectionPut } from '../store/objections.ts';
import { resumeWaiting } from '../use-cases/resume-waiting-workflow.ts';
import type { ApplicationStatus } from '../store/types.ts';
import { now } from '../shared/clock.ts';
import { nameIn, statusNames } from '../shared/code-names.ts';
import { referenceDay, shanghaiYear } from '../shared/dates.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.ts';
import { apiHandler, reply } from '../shared/http.ts';
import { executionArn, sfn, workflowArn } from '../shared/sfn.ts';
import { type Caller, maySee, visibleOrgUnits } from './access.ts';
import { applicationSummary, applicationView } from './views.ts';
import { idHashKeys } from '../shared/id-hash-key.ts';
import { countEvent } from '../shared/metrics.ts';

const idParams = z.object({ id: z.string().min(1).max(80) });

const notFound = () => new NotFoundError({ zh: '未找到该申请', en: 'No such application' });

/** Application ids are execution names too: at most 80 characters of [A-Za-z0-9-]. */
function newApplicationId(submittedAt: Date): string {
  return `APP-${referenceDay(submittedAt.toISOString())}-${randomBytes(5).toString('hex').toUpperCase()}`;
}

/**
 * Exclusive-claim keys carry ID numbers: stored only as a keyed hash, under the current version of
 * the ID-hash key. Version 1's hashes carry no prefix (they predate versions); later ones `v.hex`.
 */
const hashUnder = (version: string, key: string, text: string): string => {
  const hex = createHmac('sha256', key).update(text).digest('hex');
  return version === '1' ? hex : `${version}.${hex}`;
};

/** Each claim's hash under the current key, and under every earlier one (checked free, so rotation keeps duplicates found). */
async function hashClaims(claimKeys: readonly string[]): Promise<{ current: string[]; prior: PriorClaim[] }> {
  const { current, keys } = await idHashKeys();
  const currentKey = keys[current] as string;
  const earlier = Object.entries(keys).filter(([version]) => version !== current);
  return {
    current: claimKeys.map((text) => hashUnder(current, currentKey, text)),
    prior: claimKeys.flatMap((text, claimIndex) => earlier.map(([version, key]) => ({ claimIndex, hash: hashUnder(version, key, text) }))),
  };
}

async function startWorkflow(program: ProgramId, applicationId: string): Promise<void> {
  try {
    await sfn.send(
      new StartExecutionCommand({ stateMachineArn: workflowArn(program), name: applicationId, input: JSON.stringify({ applicationId }) }),
    );
  } catch (error) {
    // Already started (a retried request): the execution is the application's, nothing to do.
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
}

/**
 * A worker applies. Steps: replay an earlier reply for the same Idempotency-Key → check the
 * worker's member record and bank account holder → record the application with its exclusive
 * claims (one transaction: a duplicate writes nothing) → start the program's state machine, named
 * by the application id.
 */
export const submitApplication = apiHandler({ roles: ['worker'], body: submitApplicationBody }).handler(async ({ auth, body, idempotencyKey }) => {
  const hash = requestHash(body);
  if (idempotencyKey) {
    const stored = await findStoredReply(auth.sub, idempotencyKey);
    if (stored) return replay(stored, hash, body.program);
  }
  const profile = await getProfile(auth.sub);
  if (!profile?.member) throw new ForbiddenError({ zh: '未找到您的工会会员记录，无法申请', en: 'No union member record was found for you, so you cannot apply' });
  const details = body.details as Record<string, any>;
  if (details.bankAccount?.holder !== profile.name) {
    throw new ValidationError([
      { path: 'details.bankAccount.holder', message: { zh: `收款账户须为本人账户，户名应为“${profile.name}”`, en: `The bank account must be your own, held by "${profile.name}"` } },
    ]);
  }
  const program = getProgram(body.program);
  const submittedAt = now();
  const submittedIso = submittedAt.toISOString();
  const id = newApplicationId(submittedAt);
  const found = program.exclusiveClaims(body.details, submittedIso, { sub: profile.sub, memberNumber: profile.member.number });
  // In the order the store indexes them: the claims held until the end, then those released on close.
  const held = found.filter((claim) => claim.releasedOn !== 'close');
  const claims = [...held, ...found.filter((claim) => claim.releasedOn === 'close')];
  const hashed = await hashClaims(claims.map((claim) => claim.key));
  const replyBody = { id, status: 'SUBMITTED' as const };
  const application = {
    id,
    program: body.program,
    status: 'SUBMITTED' as const,
    submittedAt: submittedIso,
    year: shanghaiYear(submittedIso),
    applicant: { sub: profile.sub, name: profile.name, orgUnit: profile.orgUnit, memberNumber: profile.member.number },
    details,
    round: 1,
    claims: hashed.current.slice(0, held.length),
    openClaims: hashed.current.slice(held.length),
  };
  const actor = { sub: auth.sub, name: auth.name, role: 'worker' as const, orgUnit: auth.orgUnit };
  const stored = idempotencyKey ? storedReplyPut(auth.sub, idempotencyKey, { requestHash: hash, status: 202, body: replyBody }, Math.floor(submittedAt.getTime() / 1000)) : undefined;
  // The same request sent several times at once: all but one transaction lose, on the claim or on
  // the key. A loser whose key the winner recorded answers with the winner's reply; one that merely
  // collided with a transaction in flight tries again.
  for (let attempt = 0; ; attempt++) {
    try {
      await createApplication(application, actor, stored, hashed.prior);
      break;
    } catch (error) {
      const raced = error instanceof IdempotencyRaceError || error instanceof ClaimTakenError || error instanceof ConcurrentWriteError;
      if (raced && idempotencyKey) {
        const winner = await findStoredReply(auth.sub, idempotencyKey);
        if (winner) return replay(winner, hash, body.program);
      }
      if (error instanceof ClaimTakenError) {
        const claim = claims[error.claimIndex];
        throw new ConflictError('DUPLICATE_CLAIM', claim?.message ?? { zh: '重复申请', en: 'Duplicate application' }, claim ? [{ path: `details.${claim.field}`, message: claim.message }] : []);
      }
      if (!(error instanceof ConcurrentWriteError || error instanceof IdempotencyRaceError) || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * (attempt + 1)));
    }
  }
  await startWorkflow(body.program, id);
  countEvent('submitted', body.program);
  return reply(202, replyBody);
});

/** The same key with the same body gets the first reply (and its workflow is sure to run); another body is a conflict. */
async function replay(stored: { requestHash: string; status: number; body: unknown }, hash: string, program: ProgramId) {
  const id = (stored.body as { id: string }).id;
  if (stored.requestHash !== hash) {
    // A stale copy of a form already sent (its key), changed since: say so in the applicant's terms.
    throw new ConflictError('IDEMPOTENCY_MISMATCH', {
      zh: `这份申请已经提交过（受理编号 ${id}），不能再次提交；如需修改，请撤回后重新申请`,
      en: `This application was already sent (reference ${id}) and cannot be sent again; to change it, withdraw it and apply anew`,
    });
  }
  await startWorkflow(program, id);
  return reply(stored.status, stored.body);
}

/** Workers see their own applications; officials their subtree's; finance and admins all. */
export const listApplications = apiHandler({ roles: ['worker', 'official', 'finance', 'admin'], query: listApplicationsQuery }).handler(async ({ auth, query }) => {
  const filter = { status: query.status, program: query.program, year: query.year };
  const caller = auth as Caller;
  if (!caller.groups.some((group) => group !== 'worker')) {
    const page = await listApplicationsOfApplicant(caller.sub, filter, query.limit, query.nextToken);
    return reply(200, { items: page.items.map(applicationSummary), nextToken: page.nextToken });
  }
  const tree = await loadOrgTree();
  let units = visibleOrgUnits(caller, tree);
  if (query.orgUnit) {
    if (!units.includes(query.orgUnit)) {
      throw new ValidationError([{ path: 'orgUnit', message: { zh: '该组织不在您的管辖范围内', en: 'That org unit is outside your part of the org tree' } }]);
    }
    units = tree.subtree(query.orgUnit);
  }
  const page = await listApplicationsOfOrgUnits(units, filter, query.limit, query.nextToken);
  return reply(200, { items: page.items.map(applicationSummary), nextToken: page.nextToken });
});

/** The application if this caller may see it; 404 otherwise (never revealing that it exists). */
export async function visibleApplication(id: string, caller: Caller) {
  const application = await readApplication(id);
  if (!application || !maySee(caller, application, await loadOrgTree())) throw notFound();
  return application;
}

export const getApplication = apiHandler({ roles: ['worker', 'official', 'finance', 'admin'], params: idParams }).handler(async ({ auth, params, lang }) => {
  const application = await visibleApplication(params.id, auth as Caller);
  const [approvals, payments] = await Promise.all([listApprovalsOf(application.id), listPaymentInstructions(application.id)]);
  const caller = auth as Caller;
  const decidesNow = approvals.some(
    (approval) => approval.status === 'PENDING' && approval.round === application.round && approval.orgUnit === caller.orgUnit && (approval.deciderLevel ?? approval.level) === caller.level,
  );
  return reply(200, applicationView(application, lang, { approvals, payments }, decidesNow && caller.groups.includes('official')));
});

const WITHDRAWABLE: readonly ApplicationStatus[] = ['SUBMITTED', 'CHECKING', 'PENDING_APPROVAL', 'PUBLIC_NOTICE', 'AWAITING_BUDGET'];

/**
 * The applicant withdraws before approval. Steps: record WITHDRAWN (releasing exclusive claims
 * and taking pending approvals out of the queues, in one transaction) → stop the execution.
 */
export const withdrawApplication = apiHandler({ roles: ['worker'], params: idParams }).handler(async ({ auth, params, requestId }) => {
  const application = await readApplication(params.id);
  if (!application || application.applicant.sub !== auth.sub) throw notFound();
  const pending = (await listApprovalsOf(application.id)).filter((approval) => approval.status === 'PENDING');
  const withdrawn = await transitionApplication(application.id, {
    from: WITHDRAWABLE,
    to: 'WITHDRAWN',
    actor: { sub: auth.sub, name: auth.name, role: 'worker', orgUnit: auth.orgUnit },
    action: 'WITHDRAW',
    requestId,
    note: { zh: '申请人已撤回申请', en: 'Withdrawn by the applicant' },
    releaseClaims: 'all',
    with: cancelPendingApprovals(pending),
  });
  if (!withdrawn) {
    const status = nameIn(statusNames, application.status);
    throw new ConflictError('WRONG_STATE', {
      zh: `申请当前状态为“${status.zh}”，审批通过后不能撤回`,
      en: `The application is ${status.en.toLowerCase()}; it can no longer be withdrawn once approved`,
    });
  }
  try {
    await sfn.send(new StopExecutionCommand({ executionArn: executionArn(application.program, application.id), error: 'Withdrawn', cause: 'withdrawn by the applicant' }));
  } catch (error) {
    if (!(error instanceof ExecutionDoesNotExist)) throw error;
  }
  return reply(200, { id: application.id, status: 'WITHDRAWN' });
});


/**
 * The applicant appeals a rejection, once. Steps: re-take the exclusive claims released at
 * rejection (another application may have taken them: 409) → a new review round by the levels
 * above the one that rejected (the top level again, by another official, when none is above) →
 * resume the workflow waiting for the appeal.
 */
export const appealApplication = apiHandler({ roles: ['worker'], params: idParams, body: reasonBody }).handler(async ({ auth, params, body, requestId }) => {
  const application = await readApplication(params.id);
  if (!application || application.applicant.sub !== auth.sub) throw notFound();
  if (application.appealedAt) throw new ConflictError('ALREADY_APPEALED', { zh: '每份申请只能申诉一次', en: 'An application may be appealed only once' });
  if (application.status !== 'REJECTED') {
    const status = nameIn(statusNames, application.status);
    throw new ConflictError('WRONG_STATE', { zh: `申请当前状态为“${status.zh}”，只有未通过的申请可以申诉`, en: `The application is ${status.en.toLowerCase()}; only a rejected application can be appealed` });
  }
  if (application.appealUntil && now().toISOString() > application.appealUntil) {
    throw new ConflictError('APPEAL_CLOSED', { zh: '申诉期已过，不能再申诉', en: 'The time to appeal has passed' });
  }
  const chain = application.approvalLevels ?? [];
  const rejectedLevel = application.rejectedLevel ?? 1;
  const above = chain.filter((level) => level > rejectedLevel);
  const appealLevels = above.length > 0 ? above : [Math.max(rejectedLevel, ...chain)];
  try {
    const appealed = await transitionApplication(application.id, {
      from: ['REJECTED'],
      to: 'PENDING_APPROVAL',
      actor: { sub: auth.sub, name: auth.name, role: 'worker', orgUnit: auth.orgUnit },
      action: 'APPEAL',
      reason: body.reason,
      requestId,
      set: { round: application.round + 1, approvalLevels: appealLevels, appealedAt: now().toISOString() },
      note: { zh: `申请人提出申诉：${body.reason}`, en: `Appealed by the applicant: ${body.reason}` },
      with: claimPuts(application.id, [...application.claims, ...(application.openClaims ?? [])]),
    });
    if (!appealed) throw new ConflictError('WRONG_STATE', { zh: '申请状态已变化，请刷新后再试', en: 'The application changed meanwhile; reload and try again' });
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      throw new ConflictError('DUPLICATE_CLAIM', { zh: '同一受助对象已有另一份有效申请，无法申诉', en: 'Another live application already covers the same beneficiary, so this one cannot be appealed' });
    }
    throw error;
  }
  await resumeWaiting(application.id, 'appeal');
  return reply(200, { id: application.id, status: 'PENDING_APPROVAL' });
});

/** Any signed-in member may object during the public notice; objections send it back to review when the notice ends. */
export const lodgeObjection = apiHandler({ roles: ['worker', 'official', 'finance', 'admin'], params: idParams, body: reasonBody }).handler(async ({ auth, params, body, requestId }) => {
  const application = await readApplication(params.id);
  // Anyone may object to what is on public notice, and only that is shown to them.
  if (!application || (application.status !== 'PUBLIC_NOTICE' && !maySee(auth as Caller, application, await loadOrgTree()))) throw notFound();
  // An objection is a member's check on others' aid; the applicant answers through the union instead.
  if (application.applicant.sub === auth.sub) throw new ForbiddenError({ zh: '不能对自己的申请提出异议', en: 'You cannot object to your own application' });
  const at = now().toISOString();
  const actor = { sub: auth.sub, name: auth.name, role: (auth as Caller).groups[0] ?? 'worker', orgUnit: auth.orgUnit } as const;
  const recorded = await transitionApplication(application.id, {
    from: ['PUBLIC_NOTICE'],
    to: 'PUBLIC_NOTICE',
    actor,
    action: 'OBJECT',
    reason: body.reason,
    requestId,
    note: { zh: '公示期间收到一条异议', en: 'An objection was lodged during the notice' },
    with: [objectionPut({ applicationId: application.id, round: application.round, at, by: actor, reason: body.reason })],
  });
  if (!recorded) throw new ConflictError('WRONG_STATE', { zh: '只能在公示期间提出异议', en: 'Objections can be lodged only during the public notice' });
  return reply(201, { id: application.id, status: 'PUBLIC_NOTICE', objectedAt: at });
});


/**
 * After a failed transfer the applicant corrects the bank account (their own); the workflow then
 * re-issues the payment to it. The failed attempt stays in the history.
 */
export const updateBankAccount = apiHandler({ roles: ['worker'], params: idParams, body: bankAccountBody }).handler(async ({ auth, params, body, requestId }) => {
  const application = await readApplication(params.id);
  if (!application || application.applicant.sub !== auth.sub) throw notFound();
  if (body.holder !== application.applicant.name) {
    throw new ValidationError([{ path: 'holder', message: { zh: `收款账户须为本人账户，户名应为“${application.applicant.name}”`, en: `The bank account must be your own, held by "${application.applicant.name}"` } }]);
  }
  const updated = await transitionApplication(application.id, {
    from: ['PAYMENT_FAILED'],
    to: 'PAYMENT_FAILED',
    actor: { sub: auth.sub, name: auth.name, role: 'worker', orgUnit: auth.orgUnit },
    action: 'UPDATE_BANK_ACCOUNT',
    requestId,
    set: { details: { ...application.details, bankAccount: body }, bankAccountUpdatedAt: now().toISOString() },
    note: { zh: '申请人已更正收款账户，将重新发放', en: 'The applicant corrected the bank account; payment will be re-issued' },
  });
  if (!updated) {
    throw new ConflictError('WRONG_STATE', { zh: '只有付款失败后才能更正收款账户', en: 'The bank account can be corrected only after a failed payment' });
  }
  await resumeWaiting(application.id, 'bank-account');
  return reply(200, { id: application.id, status: 'PAYMENT_FAILED' });
});
