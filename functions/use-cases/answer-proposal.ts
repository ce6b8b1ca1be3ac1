import { foreignAccountProblem, type BankAccount } from '../domain/programs/common.ts';
import { hospitalStaySourceKey } from '../domain/proactive/rules.ts';
import { idHashes } from '../shared/id-hash.ts';
import { proposalOfSource } from '../store/partner-files.ts';
import { getApplication, listApplicationsOfOrgUnits, transitionApplication, unstartedMarkerPut, type Application, type ApplicationListing } from '../store/applications.ts';
import { loadOrgTree } from '../store/directory.ts';
import { dropProposalExpiry, listExpiredProposals, proposalExpiryDelete } from '../store/partner-files.ts';
import { workflowActor, type Actor } from '../store/types.ts';
import { nameIn, statusNames } from '../shared/code-names.ts';
import { now, nowIso } from '../shared/clock.ts';
import { ConflictError, ValidationError } from '../shared/errors.ts';
import { visibleOrgUnits, type Caller } from './access.ts';
import { applicationNotFound } from './application-errors.ts';
import { startWorkflow } from './start-workflow.ts';

function notProposed(application: Application): ConflictError {
  const status = nameIn(statusNames, application.status);
  return new ConflictError('WRONG_STATE', { zh: `这项申请当前状态为“${status.zh}”，不是待您确认的提议`, en: `This application is ${status.en.toLowerCase()}, not a proposal waiting for you` });
}

/** The worker's own proposal (else 404), still PROPOSED and not past its period (else 409). */
async function ownProposal(caller: Caller, id: string): Promise<Application> {
  const application = await getApplication(id);
  if (!application || application.applicant.sub !== caller.sub) throw applicationNotFound();
  if (application.status !== 'PROPOSED' || !application.proposal) throw notProposed(application);
  if (application.proposal.expiresAt < nowIso()) {
    throw new ConflictError('PROPOSAL_EXPIRED', { zh: '这项提议已过确认期限；如仍需要，请自行申请', en: 'The time to confirm this proposal has passed; apply yourself if you still need it' });
  }
  return application;
}

/** A proposal confirmed (by the worker, or by officials for a zero-touch one) becomes an application as any other, and its workflow starts. */
async function confirm(application: Application, bankAccount: BankAccount, actor: Actor, by: 'worker' | 'officials', requestId?: string): Promise<boolean> {
  const proposal = application.proposal!;
  const confirmed = await transitionApplication(application.id, {
    from: ['PROPOSED'],
    to: 'SUBMITTED',
    actor,
    action: by === 'worker' ? 'CONFIRM_PROPOSAL' : 'CONFIRM_PROPOSAL_LIST',
    requestId,
    note: by === 'worker' ? { zh: '职工已确认，用所填银行卡领取', en: 'Confirmed by the worker, to the bank card given' } : { zh: '免申即享：工会干部整批确认，无需职工操作', en: 'Zero-touch: confirmed with the list by union officials; nothing for the worker to do' },
    set: { details: { ...application.details, bankAccount }, proposal: { ...proposal, confirmedAt: nowIso(), confirmedBy: by } },
    with: [unstartedMarkerPut(application), proposalExpiryDelete(proposal.expiresAt, application.id)],
  }, application);
  if (!confirmed) return false;
  await startWorkflow(application.program, application.id);
  return true;
}

/**
 * The worker confirms a proposal with their bank card (one tap: the card they used before is offered).
 * 1. Their own PROPOSED application, within its period.
 * 2. The card given, or else the one on record; in their own name.
 * 3. PROPOSED → SUBMITTED with the card in its details, onto the sweep's list, off the expiry list;
 *    then the program's workflow starts, as for any application (check, approvals, notice, payment).
 */
export async function confirmProposal(caller: Caller, id: string, given: BankAccount | undefined, requestId?: string): Promise<void> {
  const application = await ownProposal(caller, id);
  const bankAccount = given ?? application.proposal!.knownBankAccount;
  if (!bankAccount) throw new ValidationError([{ path: 'bankAccount', message: { zh: '请填写收款银行卡', en: 'Give the bank card to pay into' } }]);
  const foreignAccount = foreignAccountProblem(bankAccount.holder, application.applicant.name);
  if (foreignAccount) throw new ValidationError([{ path: 'bankAccount.holder', message: foreignAccount }]);
  const actor: Actor = { sub: caller.sub, name: caller.name, role: 'worker', orgUnit: caller.orgUnit };
  if (!(await confirm(application, bankAccount, actor, 'worker', requestId))) throw notProposed((await getApplication(id)) ?? application);
}

/** The worker does not want it: DECLINED, its claims released (they may still apply by hand). */
export async function declineProposal(caller: Caller, id: string, requestId?: string): Promise<void> {
  const application = await ownProposal(caller, id);
  const declined = await transitionApplication(application.id, {
    from: ['PROPOSED'],
    to: 'DECLINED',
    actor: { sub: caller.sub, name: caller.name, role: 'worker', orgUnit: caller.orgUnit },
    action: 'DECLINE_PROPOSAL',
    requestId,
    note: { zh: '职工表示不需要', en: 'The worker does not want it' },
    releaseClaims: 'all',
    with: [proposalExpiryDelete(application.proposal!.expiresAt, application.id)],
  }, application);
  if (!declined) throw notProposed((await getApplication(id)) ?? application);
}

export interface ListConfirmation {
  confirmed: string[];
  /** Zero-touch proposals left for the worker: no bank card in their name on record. */
  waitingForWorker: string[];
  /** Ids of the list that are no longer (or never were) zero-touch proposals of the official's units. */
  skipped: string[];
}

/**
 * 免申即享 zero-touch: officials confirm the proposal list as a whole, as they saw it (the ids).
 * Each zero-touch PROPOSED application of their part of the union goes on without the worker's
 * tap, to the card the worker used before, and the worker is told (a message and SMS); one with
 * no card on record waits for the worker.
 */
export async function confirmProposalList(caller: Caller, ids: string[], requestId?: string): Promise<ListConfirmation> {
  const tree = await loadOrgTree();
  const units = visibleOrgUnits(caller, tree);
  const actor: Actor = { sub: caller.sub, name: caller.name, role: 'official', orgUnit: caller.orgUnit };
  const result: ListConfirmation = { confirmed: [], waitingForWorker: [], skipped: [] };
  const at = nowIso();
  for (const id of ids) {
    const application = await getApplication(id);
    if (!application || application.status !== 'PROPOSED' || !application.proposal?.zeroTouch || !units.includes(application.applicant.orgUnit) || application.proposal.expiresAt < at) {
      result.skipped.push(id);
      continue;
    }
    const account = application.proposal.knownBankAccount;
    if (!account) {
      result.waitingForWorker.push(id);
      continue;
    }
    (await confirm(application, account, actor, 'officials', requestId)) ? result.confirmed.push(id) : result.skipped.push(id);
  }
  return result;
}

/** The PROPOSED applications of the official's part of the union, newest first (the list they confirm). */
export async function proposalsOfUnits(caller: Caller): Promise<ApplicationListing[]> {
  const units = visibleOrgUnits(caller, await loadOrgTree());
  const page = await listApplicationsOfOrgUnits(units, { status: 'PROPOSED' }, 200);
  return page.items;
}

/**
 * The sweep's part: proposals past their period (the end of the Shanghai day `confirmDays` after
 * they were made, by the platform's clock) become EXPIRED, their claims released, and the worker is told.
 */
export async function expireProposals(limit = 100): Promise<string[]> {
  const expired: string[] = [];
  for (const { applicationId, expiresAt } of await listExpiredProposals(now().toISOString(), limit)) {
    const application = await getApplication(applicationId);
    const done = application && application.status === 'PROPOSED'
      ? await transitionApplication(applicationId, {
          from: ['PROPOSED'],
          to: 'EXPIRED',
          actor: workflowActor,
          action: 'EXPIRE_PROPOSAL',
          note: { zh: '未在期限内确认，提议已过期', en: 'Not confirmed in time; the proposal has expired' },
          releaseClaims: 'all',
          with: [proposalExpiryDelete(expiresAt, applicationId)],
        }, application)
      : undefined;
    if (done) expired.push(applicationId);
    else await dropProposalExpiry(expiresAt, applicationId);
  }
  return expired;
}

/**
 * A hand claim of a hospital allowance for a stay already proposed from the medical-insurance
 * records, while that proposal stands (waiting, or confirmed and going on): refused with a pointer
 * to it. After a decline or expiry the worker may claim by hand.
 */
export async function refuseIfProposed(program: string, details: Record<string, any>, memberNumber: string): Promise<void> {
  if (program !== 'mutual-claim' || details.plan !== 'hospital-allowance' || !details.incident?.admittedOn) return;
  for (const hash of (await idHashes(hospitalStaySourceKey(memberNumber, String(details.incident.admittedOn)))).all) {
    const id = await proposalOfSource(hash);
    const proposed = id ? await getApplication(id) : undefined;
    if (!proposed || ['DECLINED', 'EXPIRED', 'INELIGIBLE', 'REJECTED', 'WITHDRAWN'].includes(proposed.status)) continue;
    throw new ConflictError(
      'ALREADY_PROPOSED',
      proposed.status === 'PROPOSED'
        ? { zh: `这次住院的津贴已根据医保记录为您生成（${id}），请在首页一键确认，无需再申请`, en: `The allowance for this stay was already proposed to you from medical-insurance records (${id}); confirm it on your home page instead of applying` }
        : { zh: `这次住院的津贴已在办理中（${id}），不能重复申请`, en: `The allowance for this stay is already under way (${id}); it cannot be claimed twice` },
      [{ path: 'details.incident.admittedOn', message: { zh: '这次住院已有津贴申请', en: 'This stay already has an allowance claim' } }],
    );
  }
}
