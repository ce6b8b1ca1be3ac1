import { BatchGetCommand, type BatchGetCommandOutput, DeleteCommand, GetCommand, QueryCommand, ScanCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DocumentReview } from '../domain/documents.ts';
import type { Decision, ProgramId } from '../domain/programs/types.ts';
import type { Message } from '../shared/i18n.ts';
import { TransientError } from '../shared/errors.ts';
import { nowIso } from '../shared/clock.ts';
import { db } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { indexOn, queriesFormerIndexes, tableName, type IndexKeys } from './table.ts';
import { auditWrite, type AuditChange } from './audit.ts';
import { listed, listedCardNumber, listedIdNumber } from './listing.ts';
import type { Actor, Applicant, ApplicationStatus, HistoryEntry } from './types.ts';
import { decodePageToken, encodePageToken, type Page } from './pages.ts';
import { workerMessagePuts } from './messages.ts';
import { sealDetails } from './sealed-fields.ts';
import { declaredHouseholdUpdate } from './directory.ts';

export interface Application {
  id: string;
  program: ProgramId;
  status: ApplicationStatus;
  submittedAt: string;
  updatedAt: string;
  year: number;
  applicant: Applicant;
  details: Record<string, unknown>;
  decision?: Decision;
  approvalLevels?: number[];
  /**
   * The days each level of the chain has before its deciders are reminded, then before it goes one
   * level up: fixed, like the chain, by the policy version of the decision, and kept beside it so
   * that the steps and decisions which plan the next level need not read that version again.
   * Absent on an application decided before it was kept (look-up-decision-parameters.ts reads it then).
   */
  approvalDays?: number;
  /** Review rounds: an appeal or an objection starts a new one. */
  round: number;
  /** Hashed exclusive-claim keys held by this application (released when it ends without a grant). */
  claims: string[];
  /** Hashed claim keys held only while the application is open (released whenever it ends). */
  openClaims?: string[];
  auditSeq: number;
  auditHash: string;
  /** The workflow task waiting on this application for something other than an approval. */
  waiting?: { kind: WaitingKind; token: string };
  /** Budget reserved at final approval. */
  reservation?: { program: string; year: number; orgUnit: string; amountFen: number; reservedAt: string };
  noticeEndsAt?: string;
  /** The level that rejected, kept for the appeal (reviewed one level up). */
  rejectedLevel?: number;
  appealedAt?: string;
  /** Until when a rejected applicant may appeal (set at rejection when an appeal is still open). */
  appealUntil?: string;
  bankAccountUpdatedAt?: string;
  /** When it was parked for want of budget: its place in the queue for the next allocation. */
  parkedAt?: string;
  /** Why its workflow stopped (status NEEDS_ATTENTION), kept once resolved for the record. */
  attention?: Attention;
  /** The documents it carries: those sent with it, then those added on an official's request. */
  documents?: ApplicationDocument[];
  /** Each kind's verdict on review (accepted, missing, unreadable), by kind. */
  documentReview?: Record<string, DocumentReview>;
  /** An official asked the worker for documents (status DOCUMENTS_REQUESTED): which kinds, by when. */
  documentsRequest?: DocumentsRequest;
  /**
   * Filed by an official for a member who cannot apply themselves (assisted; the member's consent
   * is one of `documents`), or on a campaign's target list the official submitted (warmth-visits).
   */
  filedBy?: { sub: string; name: string; orgUnit: string; consentDocumentId?: string; campaignId?: string };
  /** 免申即享: proposed from a partner agency's record (status PROPOSED until confirmed, declined or expired). */
  proposal?: ProposalRecord;
}

/** Where a proposed application came from, what it says, and until when it may be confirmed. */
export interface ProposalRecord {
  partnerFileId: string;
  partnerFileKind: string;
  /** The agency the file came from, as the importing official named it. */
  origin: string;
  line: number;
  explanation: Message;
  /** The amount the program's rules gave when it was proposed (the workflow decides again on confirmation). */
  estimateFen: number;
  zeroTouch: boolean;
  expiresAt: string;
  /** The hashed source key (store/proposals.ts): held for good, so the record is proposed once. */
  sourceHash: string;
  /** A bank card the worker used before, offered for the one-tap confirmation (and used when officials confirm zero-touch). */
  knownBankAccount?: { holder: string; bank: string; number: string };
  confirmedAt?: string;
  confirmedBy?: 'worker' | 'officials';
}

export interface ApplicationDocument {
  id: string;
  kind: string;
  name: string;
  contentType: string;
  size: number;
  addedAt: string;
  addedBy: { sub: string; name: string };
}

export interface DocumentsRequest {
  kinds: string[];
  note?: string;
  requestedAt: string;
  dueAt: string;
  by: { sub: string; name: string; orgUnit: string };
  /** The approval level that asked; the application returns to it. */
  level: number;
  /** When the worker answered it, or it expired. */
  answeredAt?: string;
  expiredAt?: string;
}

/** A workflow step that could not go on: where, with what error, and the status to go back to. */
export interface Attention {
  step: string;
  error: string;
  cause: string;
  since: string;
  previousStatus: ApplicationStatus;
  /** The execution's RedriveCount when it stopped: a larger one on the same step is a redrive. */
  redriveCount: number;
  resolvedAt?: string;
}

/** The status an application's rules go by: the one it held before it needed attention. */
export const effectiveStatus = (application: Pick<Application, 'status' | 'attention'>): ApplicationStatus =>
  application.status === 'NEEDS_ATTENTION' && application.attention ? application.attention.previousStatus : application.status;

/**
 * An application as its listings show it (the applicant's, the org units'): what the list views,
 * the public notices, the earlier-benefits rules and the declared household read. Of the details
 * only those facts, numbers by their mark; of the decision its outcome and the checks' codes.
 */
export interface ApplicationListing extends Pick<Application, 'id' | 'program' | 'status' | 'submittedAt' | 'updatedAt' | 'year' | 'applicant' | 'noticeEndsAt' | 'appealUntil' | 'appealedAt' | 'attention'> {
  details: ListedDetails;
  decision?: Pick<Decision, 'eligible' | 'tier' | 'amountFen' | 'amountsByKindFen'> & { checks: { code: string; passed: boolean }[] };
  proposal?: Pick<ProposalRecord, 'partnerFileKind' | 'explanation' | 'estimateFen' | 'zeroTouch' | 'expiresAt' | 'knownBankAccount' | 'confirmedAt' | 'confirmedBy'>;
}

/** The facts of an application's details that listings read (store/benefits.ts, GET /me). */
export interface ListedDetails {
  /** Autumn aid: the child's ID number, by its mark (an earlier grant for the same child). */
  child?: { idNumber: string };
  /** Mutual aid: the plan, the disease of a critical-illness claim, the day of a hospital stay (a partner file's stay claimed by hand). */
  plan?: string;
  incident?: { disease?: string; admittedOn?: string };
  /** Hardship relief: the kinds of aid asked for, and the household it declares. */
  aidKinds?: string[];
  household?: { members: { relation: string; name: string; age: number }[] };
}

function listedDetails(details: Record<string, unknown>): ListedDetails {
  const { child, plan, incident, aidKinds, household } = details as { child?: { idNumber?: unknown }; plan?: unknown; incident?: { disease?: unknown; admittedOn?: unknown }; aidKinds?: unknown; household?: { members?: unknown } };
  const { disease, admittedOn } = incident ?? {};
  const members = Array.isArray(household?.members) ? (household.members as { relation: string; name: string; age: number }[]) : undefined;
  return {
    ...(typeof child?.idNumber === 'string' ? { child: { idNumber: listedIdNumber(child.idNumber) } } : {}),
    ...(typeof plan === 'string' ? { plan } : {}),
    ...(typeof disease === 'string' || typeof admittedOn === 'string' ? { incident: { ...(typeof disease === 'string' ? { disease } : {}), ...(typeof admittedOn === 'string' ? { admittedOn } : {}) } } : {}),
    ...(Array.isArray(aidKinds) ? { aidKinds: aidKinds as string[] } : {}),
    ...(members ? { household: { members: members.map(({ relation, name, age }) => ({ relation, name, age })) } } : {}),
  };
}

/** What both an application's listing and every view of it begin with: what it is, where it stands, its notice and appeal dates. */
export const applicationBasics = ({ id, program, status, submittedAt, updatedAt, year, noticeEndsAt, appealUntil, appealedAt }: Pick<Application, 'id' | 'program' | 'status' | 'submittedAt' | 'updatedAt' | 'year' | 'noticeEndsAt' | 'appealUntil' | 'appealedAt'>) => ({
  id,
  program,
  status,
  submittedAt,
  updatedAt,
  year,
  ...(noticeEndsAt ? { noticeEndsAt } : {}),
  ...(appealUntil ? { appealUntil } : {}),
  ...(appealedAt ? { appealedAt } : {}),
});

/** The listing of an application as a write leaves it (written with every change of the item). */
export function applicationListing(application: Omit<Application, 'auditSeq' | 'auditHash'>): ApplicationListing {
  const { applicant, attention, decision, proposal } = application;
  const known = proposal?.knownBankAccount;
  return {
    ...applicationBasics(application),
    applicant: { sub: applicant.sub, name: applicant.name, orgUnit: applicant.orgUnit, memberNumber: applicant.memberNumber },
    ...(attention ? { attention } : {}),
    details: listedDetails(application.details),
    ...(decision
      ? {
          decision: {
            eligible: decision.eligible,
            amountFen: decision.amountFen,
            ...(decision.tier ? { tier: decision.tier } : {}),
            ...(decision.amountsByKindFen ? { amountsByKindFen: decision.amountsByKindFen } : {}),
            checks: decision.checks.map(({ code, passed }) => ({ code, passed })),
          },
        }
      : {}),
    ...(proposal
      ? {
          proposal: {
            partnerFileKind: proposal.partnerFileKind,
            explanation: proposal.explanation,
            estimateFen: proposal.estimateFen,
            zeroTouch: proposal.zeroTouch,
            expiresAt: proposal.expiresAt,
            ...(known ? { knownBankAccount: { holder: known.holder, bank: known.bank, number: listedCardNumber(known.number) } } : {}),
            ...(proposal.confirmedAt ? { confirmedAt: proposal.confirmedAt } : {}),
            ...(proposal.confirmedBy ? { confirmedBy: proposal.confirmedBy } : {}),
          },
        }
      : {}),
  };
}

/** What a workflow may wait for besides approvals: each has its own step that answers it. */
export type WaitingKind = 'appeal' | 'budget' | 'payment' | 'bank-account' | 'documents';

type Item = Application & Record<string, unknown>;

/** A claim key already held by another live application (two applications for the same child, …). */
export class ClaimTakenError extends Error {
  constructor(readonly claimIndex: number) {
    super(`exclusive claim ${claimIndex} is already held`);
    this.name = 'ClaimTakenError';
  }
}

/** Another request with the same Idempotency-Key recorded its application first. */
export class IdempotencyRaceError extends Error {
  constructor() {
    super('another request with this idempotency key won');
    this.name = 'IdempotencyRaceError';
  }
}

/** A document to attach is no longer the applicant's ready draft (attached elsewhere, or removed, meanwhile). */
export class DocumentTakenError extends Error {
  constructor() {
    super('a document to attach is no longer a ready draft document of the applicant');
    this.name = 'DocumentTakenError';
  }
}

/** Another transaction was writing the same items at the same moment (the same claim, the same key): try again. */
export class ConcurrentWriteError extends TransientError {
  constructor() {
    super('another transaction was writing the same items');
    this.name = 'ConcurrentWriteError';
  }
}

/** The application moved on while we were changing it; re-read and decide again. */
export class StaleApplicationError extends TransientError {
  constructor(readonly id: string) {
    super(`application ${id} changed concurrently`);
    this.name = 'StaleApplicationError';
  }
}

/** Transaction items taking exclusive claims for an application; fails when another holds one. */
export function claimPuts(applicationId: string, claims: string[]) {
  return claims.map((claim) => ({
    Put: {
      TableName: tableName(),
      Item: { ...keys.exclusiveClaim(claim), applicationId },
      ConditionExpression: 'attribute_not_exists(pk) OR applicationId = :id',
      ExpressionAttributeValues: { ':id': applicationId },
    },
  }));
}

/** The history lives in items of its own (historyEntryPut); an item written before that kept it inline, read by applicationRecords. */
export function toApplication(item: Record<string, unknown>): Application {
  const { history: _inline, ...application } = withoutKeys<Application & { history?: unknown }>(item);
  return application;
}

/** One history entry as a transaction item, written with the change it records (keyed by that change's audit seq). */
export function historyEntryPut(applicationId: string, seq: number, entry: HistoryEntry) {
  return { Put: { TableName: tableName(), Item: { ...keys.historyEntry(applicationId, seq), ...entry } } };
}

export async function getApplication(id: string): Promise<Application | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.application(id), ConsistentRead: true }));
  return out.Item ? toApplication(out.Item) : undefined;
}

/** A claim's hash under an earlier version of the ID-hash key, checked to be free (index: the claim's in claims + openClaims). */
export interface PriorClaim {
  claimIndex: number;
  hash: string;
}

/**
 * Records a new application: the application, its first audit event, its exclusive claims and the
 * idempotency record — all in one transaction, so a duplicate claim writes nothing. `priorClaims`
 * are the same claims hashed under earlier key versions: each must not be held by another.
 */
export async function createApplication(
  application: Omit<Application, 'auditSeq' | 'auditHash' | 'updatedAt'>,
  actor: Actor,
  storedReply?: NonNullable<TransactWriteCommandInput['TransactItems']>[number],
  priorClaims: readonly PriorClaim[] = [],
  /** Further writes of the same transaction (attaching the uploaded documents); any failing fails it whole. */
  alsoWrite: NonNullable<TransactWriteCommandInput['TransactItems']> = [],
  /** A proposal (PROPOSED, action PROPOSE): no workflow until it is confirmed, so it is not on the sweep's unstarted list. */
  proposed = false,
): Promise<Application> {
  const startsWorkflow = !proposed;
  const entry: HistoryEntry = { at: application.submittedAt, status: application.status, actor };
  // Resident-ID and bank-card numbers are stored sealed (sealed-fields.ts); the caller's copy is left as it is.
  const details = await sealDetails(application.details);
  const audit = auditWrite({
    subject: application.id,
    previous: undefined,
    actor,
    at: application.submittedAt,
    action: proposed ? 'PROPOSE' : 'SUBMIT',
    before: null,
    // A proposal's trail starts with the partner file it came from: its origin, line and import time (the event's time).
    after: { status: application.status, ...(application.proposal ? { partnerFile: { id: application.proposal.partnerFileId, kind: application.proposal.partnerFileKind, origin: application.proposal.origin, line: application.proposal.line } } : {}) },
  });
  const stored = { ...application, details, updatedAt: application.submittedAt };
  const item: Item = {
    ...stored,
    auditSeq: audit.seq,
    auditHash: audit.hash,
    ...keys.application(application.id),
    ...keys.applicantIndex(application.applicant.sub, application.submittedAt, application.id),
    ...keys.orgUnitIndex(application.applicant.orgUnit, application.submittedAt, application.id),
    listing: applicationListing(stored),
  };
  const claims = claimPuts(application.id, [...application.claims, ...(application.openClaims ?? [])]);
  const priorChecks = priorClaims.map((prior) => ({
    ConditionCheck: { TableName: tableName(), Key: keys.exclusiveClaim(prior.hash), ConditionExpression: 'attribute_not_exists(pk) OR applicationId = :id', ExpressionAttributeValues: { ':id': application.id } },
  }));
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
          audit.put,
          ...claims,
          ...priorChecks,
          ...(storedReply ? [storedReply] : []),
          ...(startsWorkflow ? [unstartedMarkerPut(application)] : []),
          historyEntryPut(application.id, audit.seq, entry),
          ...alsoWrite,
          ...householdDeclaredBy(application),
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons ?? [];
      const claimIndex = reasons.slice(2, 2 + claims.length).findIndex((r) => r.Code === 'ConditionalCheckFailed');
      if (claimIndex >= 0) throw new ClaimTakenError(claimIndex);
      const afterClaims = 2 + claims.length;
      const priorIndex = reasons.slice(afterClaims, afterClaims + priorChecks.length).findIndex((r) => r.Code === 'ConditionalCheckFailed');
      if (priorIndex >= 0) throw new ClaimTakenError((priorClaims[priorIndex] as PriorClaim).claimIndex);
      const afterPrior = afterClaims + priorChecks.length;
      const afterReply = afterPrior + (storedReply ? 1 : 0);
      if (reasons.slice(afterPrior, afterReply).some((r) => r.Code === 'ConditionalCheckFailed')) throw new IdempotencyRaceError();
      // After the reply: the unstarted marker and the first history entry, then the documents attached.
      if (reasons.slice(afterReply + (startsWorkflow ? 2 : 1)).some((r) => r.Code === 'ConditionalCheckFailed')) throw new DocumentTakenError();
      if (reasons.some((r) => r.Code === 'TransactionConflict')) throw new ConcurrentWriteError();
    }
    throw error;
  }
  return toApplication(item);
}

/**
 * An application that lists its household's members (hardship relief) declares it: the applicant's
 * profile keeps the names, written in the application's own transaction (last, unconditioned: the
 * profile exists, the submit has read it), so a payment audit reads them with the profile.
 */
function householdDeclaredBy(application: Pick<Application, 'id' | 'details' | 'applicant' | 'submittedAt'>) {
  const members = (application.details.household as { members?: unknown } | undefined)?.members;
  if (!Array.isArray(members)) return [];
  const names = (members as { relation?: unknown; name?: unknown }[]).filter((member) => member.relation !== 'self' && typeof member.name === 'string').map((member) => String(member.name));
  return [declaredHouseholdUpdate(application.applicant.sub, { names, declaredAt: application.submittedAt, applicationId: application.id })];
}

/** On the unstarted list until its workflow's first step: written with the application, or with a proposal's confirmation. */
export function unstartedMarkerPut(application: Pick<Application, 'id' | 'submittedAt'>) {
  return { Put: { TableName: tableName(), Item: { ...keys.unstarted(application.submittedAt, application.id), applicationId: application.id } } };
}

/** Taken off the unstarted list in the transaction of the workflow's first step. */
export function unstartedMarkerDelete(application: Pick<Application, 'id' | 'submittedAt'>) {
  return { Delete: { TableName: tableName(), Key: keys.unstarted(application.submittedAt, application.id) } };
}

/** Applications recorded before `before` whose workflow has not taken them up (the sweep's list), oldest first. */
export async function listUnstarted(before: string, limit: number): Promise<{ applicationId: string; submittedAt: string }[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk < :before',
      ExpressionAttributeValues: { ':pk': keys.unstartedPartition, ':before': before },
      Limit: limit,
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((item) => ({ applicationId: String(item.applicationId), submittedAt: String(item.sk).split('#')[0] as string }));
}

/** The sweep has seen to it: its workflow runs, or there is nothing left to run. */
export async function dropUnstarted(application: Pick<Application, 'id' | 'submittedAt'>): Promise<void> {
  await db.send(new DeleteCommand({ TableName: tableName(), Key: keys.unstarted(application.submittedAt, application.id) }));
}

export interface Transition {
  /** Statuses the application may be in for this change to apply. */
  from: readonly ApplicationStatus[];
  to: ApplicationStatus;
  actor: Actor;
  action: string;
  note?: Message;
  reason?: string;
  requestId?: string;
  /** Further fields to set on the application in the same write. */
  set?: Partial<Pick<Application, 'decision' | 'approvalLevels' | 'approvalDays' | 'round' | 'reservation' | 'noticeEndsAt' | 'rejectedLevel' | 'appealedAt' | 'appealUntil' | 'details' | 'bankAccountUpdatedAt' | 'claims' | 'parkedAt' | 'attention' | 'documents' | 'documentReview' | 'documentsRequest' | 'proposal'>>;
  /** Release exclusive claims: `all` when it ends without a grant, `open` when it ends paid. */
  releaseClaims?: 'all' | 'open';
  /** Further writes that must happen with the change, or not at all. */
  with?: NonNullable<TransactWriteCommandInput['TransactItems']>;
  /**
   * Hold only while the workflow task waiting on the application is the one read (or none waits),
   * so the `waiting` of the application returned is the task to answer: one stored meanwhile (a
   * re-drive) makes the change read again and retry, and one stored after it reads the change.
   */
  sameWaitingTask?: boolean;
}

/**
 * Moves an application from one status to another with its audit event and history entry,
 * atomically. The write is conditioned on the status and the audit head we read, so concurrent
 * changes cannot interleave. `read` is the application as the caller has just read it, tried first
 * instead of reading it again (a stale one fails the condition, and the retry reads afresh).
 * Returns undefined when the application is not in one of `from` (the caller decides what that means).
 */
export async function transitionApplication(id: string, proposed: Transition, read?: Application): Promise<Application | undefined> {
  // New details (a corrected bank account) are stored sealed, as at submit; so is their audit record.
  const change = proposed.set?.details ? { ...proposed, set: { ...proposed.set, details: await sealDetails(proposed.set.details) } } : proposed;
  for (let attempt = 0; attempt < 20; attempt++) {
    const current = attempt === 0 && read ? read : await getApplication(id);
    if (!current || !change.from.includes(current.status)) return undefined;
    const at = nowIso();
    const after: AuditChange = { status: change.to, ...(change.set ?? {}) };
    const audit = auditWrite({
      subject: id,
      previous: { seq: current.auditSeq, hash: current.auditHash },
      actor: change.actor,
      at,
      action: change.action,
      before: { status: current.status },
      after,
      reason: change.reason,
      requestId: change.requestId,
    });
    const entry: HistoryEntry = { at, status: change.to, actor: change.actor, ...(change.note ? { note: change.note } : {}) };
    const next: Application = { ...current, ...(change.set ?? {}), status: change.to, updatedAt: at, auditSeq: audit.seq, auditHash: audit.hash };
    const names: Record<string, string> = { '#status': 'status', '#updatedAt': 'updatedAt', '#auditSeq': 'auditSeq', '#auditHash': 'auditHash', '#listing': 'listing' };
    const values: Record<string, unknown> = {
      ':to': change.to,
      ':from': current.status,
      ':at': at,
      ':seq': audit.seq,
      ':prevSeq': current.auditSeq,
      ':hash': audit.hash,
      ':listing': applicationListing(next),
    };
    const sets = ['#status = :to', '#updatedAt = :at', '#auditSeq = :seq', '#auditHash = :hash', '#listing = :listing'];
    const conditions = ['#status = :from', '#auditSeq = :prevSeq'];
    if (change.sameWaitingTask) {
      names['#waiting'] = 'waiting';
      if (current.waiting) {
        names['#token'] = 'token';
        values[':waitingToken'] = current.waiting.token;
        conditions.push('#waiting.#token = :waitingToken');
      } else conditions.push('attribute_not_exists(#waiting)');
    }
    for (const [field, value] of Object.entries(change.set ?? {})) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    const released = change.releaseClaims === 'all' ? [...current.claims, ...(current.openClaims ?? [])] : change.releaseClaims === 'open' ? (current.openClaims ?? []) : [];
    const releases = released.length
      ? released.map((claim) => ({
          Delete: {
            TableName: tableName(),
            Key: keys.exclusiveClaim(claim),
            ConditionExpression: 'attribute_not_exists(pk) OR applicationId = :id',
            ExpressionAttributeValues: { ':id': id },
          },
        }))
      : [];
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName(),
                Key: keys.application(id),
                UpdateExpression: `SET ${sets.join(', ')}`,
                ConditionExpression: conditions.join(' AND '),
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            audit.put,
            ...releases,
            ...(change.with ?? []),
            historyEntryPut(id, audit.seq, entry),
            ...workerMessagePuts({ application: { ...current, ...(change.set ?? {}) }, from: current.status, to: change.to, action: change.action, at, auditSeq: audit.seq, note: change.note }),
          ],
        }),
      );
      return next;
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        // Our read went stale, or another transaction touched the same items: read again and retry.
        if (reasons[0]?.Code === 'ConditionalCheckFailed' || reasons.some((reason) => reason.Code === 'TransactionConflict')) {
          await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (attempt + 1)));
          continue;
        }
      }
      throw error;
    }
  }
  throw new StaleApplicationError(id);
}

/**
 * Appends an audit event to the application's chain without changing it otherwise (a document
 * read): conditioned on the chain head, read again and retried when another write moved it.
 */
export async function appendAuditEvent(id: string, event: { actor: Actor; action: string; after: AuditChange; requestId?: string }, read?: Application): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    // The application as the caller has just read it, tried first (a stale head fails the condition and is read again).
    const current = attempt === 0 && read ? read : await getApplication(id);
    if (!current) return;
    const audit = auditWrite({ subject: id, previous: { seq: current.auditSeq, hash: current.auditHash }, actor: event.actor, at: nowIso(), action: event.action, before: null, after: event.after, requestId: event.requestId });
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName(),
                Key: keys.application(id),
                UpdateExpression: 'SET auditSeq = :seq, auditHash = :hash',
                ConditionExpression: 'auditSeq = :prevSeq',
                ExpressionAttributeValues: { ':seq': audit.seq, ':hash': audit.hash, ':prevSeq': current.auditSeq },
              },
            },
            audit.put,
          ],
        }),
      );
      return;
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (attempt + 1)));
        continue;
      }
      throw error;
    }
  }
  throw new StaleApplicationError(id);
}

export interface ApplicationFilter {
  status?: ApplicationStatus;
  program?: string;
  year?: number;
}

/** The filter on the listed status, program and year (a former index, which copies whole items, on the item's own). */
function filterExpression(filter: ApplicationFilter) {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const path = (name: string) => {
    names[`#${name}`] = name;
    if (queriesFormerIndexes()) return `#${name}`;
    names['#listing'] = 'listing';
    return `#listing.#${name}`;
  };
  if (filter.status) {
    parts.push(`${path('status')} = :status`);
    values[':status'] = filter.status;
  }
  if (filter.program) {
    parts.push(`${path('program')} = :program`);
    values[':program'] = filter.program;
  }
  if (filter.year) {
    parts.push(`${path('year')} = :year`);
    values[':year'] = filter.year;
  }
  return parts.length
    ? { FilterExpression: parts.join(' AND '), ExpressionAttributeNames: names, ExpressionAttributeValues: values }
    : { ExpressionAttributeNames: undefined, ExpressionAttributeValues: undefined };
}

async function queryNewestFirst(
  index: IndexKeys,
  partition: string,
  filter: ApplicationFilter,
  limit: number,
  startKey: Record<string, unknown> | undefined,
): Promise<{ items: ApplicationListing[]; lastKey: Record<string, unknown> | undefined }> {
  const f = filterExpression(filter);
  const items: ApplicationListing[] = [];
  let exclusiveStartKey = startKey;
  // A filter may empty a page; keep reading until the page is full or the partition ends.
  do {
    const out = await db.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: indexOn(index),
        KeyConditionExpression: `${index}pk = :pk`,
        ScanIndexForward: false,
        Limit: limit - items.length,
        ExclusiveStartKey: exclusiveStartKey,
        ...(f.FilterExpression ? { FilterExpression: f.FilterExpression } : {}),
        ExpressionAttributeNames: f.ExpressionAttributeNames,
        ExpressionAttributeValues: { ':pk': partition, ...(f.ExpressionAttributeValues ?? {}) },
      }),
    );
    items.push(...(out.Items ?? []).map((entry) => listed(entry, (application: Application) => applicationListing(application))));
    exclusiveStartKey = out.LastEvaluatedKey;
  } while (exclusiveStartKey && items.length < limit);
  return { items, lastKey: exclusiveStartKey };
}

/** The applicant's applications as listed, newest first. */
export async function listApplicationsOfApplicant(sub: string, filter: ApplicationFilter, limit: number, nextToken?: string): Promise<Page<ApplicationListing>> {
  const { items, lastKey } = await queryNewestFirst('gsi1', keys.applicantPartition(sub), filter, limit, decodePageToken(nextToken)?.key);
  return { items, nextToken: lastKey ? encodePageToken({ key: lastKey }) : undefined };
}

/**
 * Applications of several org units as listed, newest first. The org tree is small (a city has tens
 * of units), so we page through units in order: the token holds the unit index and its own cursor.
 */
export async function listApplicationsOfOrgUnits(orgUnits: string[], filter: ApplicationFilter, limit: number, nextToken?: string): Promise<Page<ApplicationListing>> {
  const cursor = decodePageToken(nextToken);
  let unitIndex = cursor?.unit ?? 0;
  let key = cursor?.key;
  const items: ApplicationListing[] = [];
  while (unitIndex < orgUnits.length && items.length < limit) {
    const unit = orgUnits[unitIndex] as string;
    const page = await queryNewestFirst('gsi2', keys.orgUnitPartition(unit), filter, limit - items.length, key);
    items.push(...page.items);
    if (page.lastKey) {
      key = page.lastKey;
      break;
    }
    unitIndex += 1;
    key = undefined;
  }
  const more = unitIndex < orgUnits.length;
  return { items, nextToken: more ? encodePageToken({ unit: unitIndex, key }) : undefined };
}

/**
 * The bank account a member was last paid to: the one their newest application names as their own
 * (its number sealed). The listings hold no card number, so the newest are read by key, in turn.
 */
export async function accountOnRecord(sub: string, name: string): Promise<{ holder: string; bank: string; number: string } | undefined> {
  for (const listed of (await listApplicationsOfApplicant(sub, {}, 20)).items) {
    const account = (await getApplication(listed.id))?.details.bankAccount as { holder: string; bank: string; number: string } | undefined;
    if (account?.holder === name && account.number) return { holder: account.holder, bank: account.bank, number: account.number };
  }
  return undefined;
}

/** Every application in the table: a full scan, for operators and the reliability suite's checks only. */
export async function scanApplications(): Promise<Application[]> {
  const items: Application[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new ScanCommand({ TableName: tableName(), FilterExpression: 'sk = :sk', ExpressionAttributeValues: { ':sk': keys.application('').sk }, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(out.Items ?? []).map(toApplication));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * Stores the token of a workflow task waiting on this application (a re-drive replaces it), and
 * returns the application as it stands with it; undefined when there is no such application.
 */
export async function setWaitingTask(id: string, kind: WaitingKind, token: string): Promise<Application | undefined> {
  try {
    const out = await db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.application(id),
        UpdateExpression: 'SET waiting = :waiting',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':waiting': { kind, token } },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return out.Attributes ? toApplication(out.Attributes) : undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** Several applications by id (100 per request), for reports that go through a year's payments. */
export async function getApplications(ids: string[]): Promise<Map<string, Application>> {
  const found = new Map<string, Application>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [tableName()]: { Keys: unique.slice(i, i + 100).map((id) => keys.application(id)) } };
    while (request && Object.keys(request).length) {
      const out: BatchGetCommandOutput = await db.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of out.Responses?.[tableName()] ?? []) {
        const application = toApplication(item);
        found.set(application.id, application);
      }
      request = out.UnprocessedKeys as typeof request;
    }
  }
  return found;
}
