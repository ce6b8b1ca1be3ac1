import { randomBytes } from 'node:crypto';
import { foreignAccountProblem } from '../domain/programs/common.ts';
import { getProgram } from '../domain/programs/index.ts';
import type { ProgramId } from '../domain/programs/types.ts';
import { CONSENT_KIND } from '../domain/programs/document-kinds.ts';
import { ClaimTakenError, ConcurrentWriteError, createApplication, DocumentTakenError, IdempotencyRaceError, type PriorClaim } from '../store/applications.ts';
import { idHashKeys } from '../shared/id-hash-key.ts';
import { hashUnder } from '../shared/id-hash.ts';
import { countEvent } from '../shared/metrics.ts';
import { getProfile, loadOrgTree } from '../store/directory.ts';
import { findStoredReply, storedReplyPut } from '../store/idempotency.ts';
import { now } from '../shared/clock.ts';
import { referenceDay, shanghaiYear } from '../shared/dates.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors.ts';
import { startWorkflow } from './start-workflow.ts';
import { visibleOrgUnits, type Caller } from './access.ts';
import { documentsToAttach, requiredKindsOf, type Attachment } from './documents-to-attach.ts';
import { refuseIfProposed } from './answer-proposal.ts';
import { begun } from '../shared/bounded.ts';

export interface Submission {
  program: ProgramId;
  details: Record<string, any>;
  /** The form's Idempotency-Key, and the hash of the body it came with. */
  idempotencyKey?: string;
  requestHash: string;
}

/** An official files for a member who cannot apply themselves: whom, and the photo of their signed consent. */
export interface AssistedFiling {
  memberSub: string;
  consentDocumentId: string;
}

export interface SubmitReply {
  status: number;
  body: { id: string; status: 'SUBMITTED' };
}

/** Application ids are execution names too: at most 80 characters of [A-Za-z0-9-]. */
export function newApplicationId(submittedAt: Date): string {
  return `APP-${referenceDay(submittedAt.toISOString())}-${randomBytes(5).toString('hex').toUpperCase()}`;
}

/**
 * Exclusive-claim keys carry ID numbers: stored only as a keyed hash, under the current version of
 * the ID-hash key (shared/id-hash.ts). Each claim's hash under the current key, and under every
 * earlier one (checked free, so rotation keeps duplicates found).
 */
export async function hashClaims(claimKeys: readonly string[]): Promise<{ current: string[]; prior: PriorClaim[] }> {
  const { current, keys } = await idHashKeys();
  const currentKey = keys[current] as string;
  const earlier = Object.entries(keys).filter(([version]) => version !== current);
  return {
    current: claimKeys.map((text) => hashUnder(current, currentKey, text)),
    prior: claimKeys.flatMap((text, claimIndex) => earlier.map(([version, key]) => ({ claimIndex, hash: hashUnder(version, key, text) }))),
  };
}

/** The same key with the same body gets the first reply (and its workflow is sure to run); another body is a conflict. */
async function replay(stored: { requestHash: string; status: number; body: unknown }, requestHash: string, program: ProgramId): Promise<SubmitReply> {
  const id = (stored.body as { id: string }).id;
  if (stored.requestHash !== requestHash) {
    // A stale copy of a form already sent (its key), changed since: say so in the applicant's terms.
    throw new ConflictError('IDEMPOTENCY_MISMATCH', {
      zh: `这份申请已经提交过（受理编号 ${id}），不能再次提交；如需修改，请撤回后重新申请`,
      en: `This application was already sent (reference ${id}) and cannot be sent again; to change it, withdraw it and apply anew`,
    });
  }
  await startWorkflow(program, id);
  return { status: stored.status, body: stored.body as SubmitReply['body'] };
}

/** The member applied for: the caller, or the member an official files for (in the official's part of the tree). */
async function applicantOf(caller: Caller, assisted: AssistedFiling | undefined) {
  if (!assisted) {
    const profile = await getProfile(caller.sub);
    if (!profile?.member) throw new ForbiddenError({ zh: '未找到您的工会会员记录，无法申请', en: 'No union member record was found for you, so you cannot apply' });
    return { profile, member: profile.member };
  }
  const profile = await getProfile(assisted.memberSub);
  if (!profile?.member || !visibleOrgUnits(caller, await loadOrgTree()).includes(profile.orgUnit)) {
    throw new ValidationError([{ path: 'member', message: { zh: '在您的单位范围内找不到这位会员', en: 'No such member in your part of the union' } }]);
  }
  return { profile, member: profile.member };
}

/**
 * A worker applies, or an official files for a member who cannot (assisted).
 * 1. Replay an earlier reply for the same Idempotency-Key.
 * 2. Check the member record (an assisted filing: a member of the official's subtree; a mutual-aid
 *    claim: a plan they hold, in cover) and that the bank account is the member's own.
 * 3. Check the documents: uploaded by the caller, recognised, every required kind there (and, when
 *    assisted, the photo of the member's signed consent) — else field errors.
 * 4. Record the application with its exclusive claims, attaching the documents (one transaction:
 *    a duplicate writes nothing). An assisted one records who filed it; the member sees it in
 *    their list, and the filer may not decide it (four-eyes).
 * 5. Start the program's state machine, named by the application id.
 */
export async function submitApplication(caller: Caller, submission: Submission, assisted?: AssistedFiling): Promise<SubmitReply> {
  const { idempotencyKey, requestHash, details } = submission;
  const submittedAt = now();
  const submittedIso = submittedAt.toISOString();
  const id = newApplicationId(submittedAt);
  const attachments = ((details.attachments ?? []) as Attachment[]).map(({ kind, documentId }) => ({ kind, documentId }));
  const addedBy = { sub: caller.sub, name: caller.name };
  // The member record and the documents (with an assisted filing's consent) are read while the
  // stored reply is looked for, at once instead of one after another; each is looked at in the order below.
  const applicant = begun(applicantOf(caller, assisted));
  const documents = begun(documentsToAttach(caller.sub, id, attachments, requiredKindsOf(submission.program), 'details.attachments', addedBy, submittedIso));
  const consentDocument = assisted ? begun(documentsToAttach(caller.sub, id, [{ kind: CONSENT_KIND, documentId: assisted.consentDocumentId }], [CONSENT_KIND], 'consentDocumentId', addedBy, submittedIso)) : undefined;
  if (idempotencyKey) {
    const stored = await findStoredReply(caller.sub, idempotencyKey);
    if (stored) return replay(stored, requestHash, submission.program);
  }
  const program = getProgram(submission.program);
  if (program.listOnly) throw new ValidationError([{ path: 'program', message: { zh: `${program.name.zh}由工会按名单发放，无需申请`, en: `${program.name.en} is given from the union's list; there is nothing to apply for` } }]);
  const { profile, member } = await applicant();
  const foreignAccount = foreignAccountProblem(details.bankAccount?.holder, profile.name, assisted ? 'assisted' : 'own');
  if (foreignAccount) throw new ValidationError([{ path: 'details.bankAccount.holder', message: foreignAccount }]);
  await refuseIfProposed(submission.program, details, member.number);
  const refused = program.refusedBeforeSubmit?.(details, member, assisted ? 'assisted' : 'own') ?? [];
  if (refused.length > 0) throw new ValidationError(refused.map((problem) => ({ path: `details.${problem.field}`, message: problem.message })), refused[0]!.message);
  let attached: Awaited<ReturnType<typeof documentsToAttach>>;
  let consent: Awaited<ReturnType<typeof documentsToAttach>> | undefined;
  try {
    attached = await documents();
    consent = consentDocument ? await consentDocument() : undefined;
  } catch (error) {
    // The same request sent twice at once: the documents went with the first, which recorded its
    // reply in the same transaction, so this one answers with that reply.
    const winner = error instanceof ValidationError && idempotencyKey ? await findStoredReply(caller.sub, idempotencyKey) : undefined;
    if (winner) return replay(winner, requestHash, submission.program);
    throw error;
  }
  const found = program.exclusiveClaims(details, submittedIso, { sub: profile.sub, memberNumber: member.number });
  // In the order the store indexes them: the claims held until the end, then those released on close.
  const held = found.filter((claim) => claim.releasedOn !== 'close');
  const claims = [...held, ...found.filter((claim) => claim.releasedOn === 'close')];
  const hashed = await hashClaims(claims.map((claim) => claim.key));
  const reply: SubmitReply = { status: 202, body: { id, status: 'SUBMITTED' } };
  const application = {
    id,
    program: submission.program,
    status: 'SUBMITTED' as const,
    submittedAt: submittedIso,
    year: shanghaiYear(submittedIso),
    applicant: { sub: profile.sub, name: profile.name, orgUnit: profile.orgUnit, memberNumber: member.number },
    details,
    documents: [...attached.documents, ...(consent?.documents ?? [])],
    ...(assisted ? { filedBy: { sub: caller.sub, name: caller.name, orgUnit: caller.orgUnit, consentDocumentId: assisted.consentDocumentId } } : {}),
    round: 1,
    claims: hashed.current.slice(0, held.length),
    openClaims: hashed.current.slice(held.length),
  };
  const actor = { sub: caller.sub, name: caller.name, role: assisted ? ('official' as const) : ('worker' as const), orgUnit: caller.orgUnit };
  const stored = idempotencyKey ? storedReplyPut(caller.sub, idempotencyKey, { requestHash, ...reply }, Math.floor(submittedAt.getTime() / 1000)) : undefined;
  // The same request sent several times at once: all but one transaction lose, on the claim or on
  // the key. A loser whose key the winner recorded answers with the winner's reply; one that merely
  // collided with a transaction in flight tries again.
  for (let attempt = 0; ; attempt++) {
    try {
      await createApplication(application, actor, stored, hashed.prior, [...attached.writes, ...(consent?.writes ?? [])]);
      break;
    } catch (error) {
      const raced = error instanceof IdempotencyRaceError || error instanceof ClaimTakenError || error instanceof ConcurrentWriteError || error instanceof DocumentTakenError;
      if (raced && idempotencyKey) {
        const winner = await findStoredReply(caller.sub, idempotencyKey);
        if (winner) return replay(winner, requestHash, submission.program);
      }
      if (error instanceof ClaimTakenError) {
        const claim = claims[error.claimIndex];
        throw new ConflictError('DUPLICATE_CLAIM', claim?.message ?? { zh: '重复申请', en: 'Duplicate application' }, claim ? [{ path: `details.${claim.field}`, message: claim.message }] : []);
      }
      if (error instanceof DocumentTakenError) {
        throw new ValidationError([{ path: 'details.attachments', message: { zh: '有材料已被删除或已随另一份申请提交，请重新上传', en: 'A document was removed or sent with another application meanwhile; upload it again' } }]);
      }
      if (!(error instanceof ConcurrentWriteError || error instanceof IdempotencyRaceError) || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * (attempt + 1)));
    }
  }
  await startWorkflow(submission.program, id);
  countEvent('submitted', submission.program);
  return reply;
}
