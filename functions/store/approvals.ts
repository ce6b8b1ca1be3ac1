import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { nowIso } from '../shared/clock.ts';
import type { Message } from '../shared/i18n.ts';
import { db } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { indexOn, tableName } from './table.ts';
import { listed } from './listing.ts';
import { transitionApplication, type Application } from './applications.ts';
import { notificationPut } from './notifications.ts';
import { standsInForNobodyCheck } from './delegations.ts';
import { workflowActor, type Actor, type ApprovalRecord } from './types.ts';

export class ApprovalAlreadyDecidedError extends Error {
  constructor() {
    super('this approval has already been decided');
    this.name = 'ApprovalAlreadyDecidedError';
  }
}

/** The decider's mark says they may stand in for a colleague today: read whom, and record the decision naming them. */
export class MayStandInError extends Error {
  constructor() {
    super('the decider may be standing in for a colleague');
    this.name = 'MayStandInError';
  }
}

function toApproval(item: Record<string, unknown>): ApprovalRecord {
  return withoutKeys<ApprovalRecord>(item);
}

export async function getApproval(applicationId: string, round: number, level: number): Promise<ApprovalRecord | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.approval(applicationId, round, level), ConsistentRead: true }));
  return out.Item ? toApproval(out.Item) : undefined;
}

export async function listApprovalsOf(applicationId: string): Promise<ApprovalRecord[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.applicationPartition(applicationId), ':prefix': keys.approvalPrefix },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map(toApproval);
}

/** A pending approval as its queue lists it: which application, level and round, where, since when (no task token). */
export type ApprovalListing = Pick<ApprovalRecord, 'applicationId' | 'program' | 'round' | 'level' | 'orgUnit' | 'requestedAt'>;

export const approvalListing = ({ applicationId, program, round, level, orgUnit, requestedAt }: ApprovalListing): ApprovalListing => ({ applicationId, program, round, level, orgUnit, requestedAt });

/** Pending approvals of one unit and level, oldest first, as the queue lists them. */
export async function listApprovalQueue(orgUnit: string, level: number, limit: number): Promise<ApprovalListing[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: indexOn('gsi1'),
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.approvalQueuePartition(orgUnit, level) },
      ScanIndexForward: true,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((entry) => listed(entry, approvalListing));
}

/**
 * Opens the approval task of one level with its callback token, recording it in the application's
 * history and audit trail; the caller has read the application's approvals and found none of this
 * level and round. Returns the existing record instead when another run opened the level
 * meanwhile (a re-driven execution), so a level is never requested twice.
 */
/**
 * Opens a level's approval in the queue of `decider`: its unit's officials at that level, or, for a
 * level opened above where it belongs (nobody there may decide it), the officials of that unit at
 * theirs, as if escalated on opening.
 */
export async function openApproval(application: Application, level: number, decider: { orgUnit: string; level: number }, taskToken: string, note: Message, queueNotice: Message): Promise<ApprovalRecord> {
  const requestedAt = nowIso();
  const orgUnit = decider.orgUnit;
  const approval: ApprovalRecord = {
    applicationId: application.id,
    program: application.program,
    round: application.round,
    level,
    orgUnit,
    status: 'PENDING',
    taskToken,
    requestedAt,
    ...(decider.level !== level ? { deciderLevel: decider.level, escalatedAt: requestedAt } : {}),
  };
  try {
    await transitionApplication(application.id, {
      from: ['PENDING_APPROVAL'],
      to: 'PENDING_APPROVAL',
      actor: workflowActor,
      action: 'REQUEST_APPROVAL',
      note,
      with: [
        {
          Put: {
            TableName: tableName(),
            Item: { ...keys.approval(application.id, application.round, level), ...keys.approvalQueue(orgUnit, decider.level, requestedAt, application.id), listing: approvalListing(approval), ...approval },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        notificationPut({ orgUnit, level: decider.level, at: requestedAt, applicationId: application.id, kind: 'APPROVAL_REQUESTED', message: queueNotice }),
      ],
    }, application);
    return approval;
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
  }
  // Another run opened the level meanwhile: that record stands.
  return (await getApproval(application.id, application.round, level)) ?? approval;
}

/** Puts a re-driven execution's new token on a still-pending approval; false when it was decided meanwhile. */
export async function replaceApprovalToken(approval: ApprovalRecord, taskToken: string): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.approval(approval.applicationId, approval.round, approval.level),
        UpdateExpression: 'SET taskToken = :token',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':token': taskToken, ':pending': 'PENDING' },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * Records an official's decision on one level, with its audit event, in one transaction; the
 * approval leaves the queue. The write is conditioned on the task token read with the approval, so
 * the decided record it returns carries the token to answer (a re-driven execution that replaced
 * it meanwhile makes us read it again and retry). Returns undefined when the application is no
 * longer pending approval. `read` is the application as the caller has just read it.
 * `nobodyStoodInFor` (the decider and today) makes the write hold only while the decider stands in
 * for nobody that day (store/delegations.ts), else it throws MayStandInError and writes nothing.
 */
export async function recordApprovalDecision(
  approval: ApprovalRecord,
  decision: 'APPROVED' | 'REJECTED',
  actor: Actor,
  comment: string | undefined,
  note: Message,
  requestId: string | undefined,
  onBehalfOf?: Pick<Actor, 'sub' | 'name'>,
  read?: Application,
  nobodyStoodInFor?: { sub: string; day: string },
): Promise<{ application: Application; approval: ApprovalRecord } | undefined> {
  let current = approval;
  for (let attempt = 0; attempt < 5; attempt++) {
    const decided = await writeApprovalDecision(current, decision, actor, comment, note, requestId, onBehalfOf, attempt === 0 ? read : undefined, nobodyStoodInFor);
    if (decided === 'MAY_STAND_IN') throw new MayStandInError();
    if (decided !== 'TOKEN_REPLACED') return decided;
    const fresh = await getApproval(current.applicationId, current.round, current.level);
    if (!fresh || fresh.status !== 'PENDING') throw new ApprovalAlreadyDecidedError();
    current = fresh;
  }
  throw new ApprovalAlreadyDecidedError();
}

async function writeApprovalDecision(
  approval: ApprovalRecord,
  decision: 'APPROVED' | 'REJECTED',
  actor: Actor,
  comment: string | undefined,
  note: Message,
  requestId: string | undefined,
  onBehalfOf: Pick<Actor, 'sub' | 'name'> | undefined,
  read: Application | undefined,
  nobodyStoodInFor: { sub: string; day: string } | undefined,
): Promise<{ application: Application; approval: ApprovalRecord } | undefined | 'TOKEN_REPLACED' | 'MAY_STAND_IN'> {
  const decidedAt = nowIso();
  try {
    const application = await transitionApplication(approval.applicationId, {
      from: ['PENDING_APPROVAL'],
      to: 'PENDING_APPROVAL',
      actor,
      action: decision === 'APPROVED' ? 'APPROVE_LEVEL' : 'REJECT_LEVEL',
      note,
      reason: comment,
      requestId,
      with: [
        {
          Update: {
            TableName: tableName(),
            Key: keys.approval(approval.applicationId, approval.round, approval.level),
            UpdateExpression: 'SET #status = :decision, decidedAt = :at, decidedBy = :by, #comment = :comment, onBehalfOf = :for REMOVE gsi1pk, gsi1sk, listing',
            ConditionExpression: '#status = :pending AND taskToken = :token',
            ExpressionAttributeNames: { '#status': 'status', '#comment': 'comment' },
            ExpressionAttributeValues: { ':decision': decision, ':at': decidedAt, ':by': actor, ':comment': comment ?? null, ':for': onBehalfOf ?? null, ':pending': 'PENDING', ':token': approval.taskToken },
          },
        },
        ...(nobodyStoodInFor ? [standsInForNobodyCheck(nobodyStoodInFor.sub, nobodyStoodInFor.day)] : []),
      ],
    }, read);
    if (!application) return undefined;
    return { application, approval: { ...approval, status: decision, decidedAt, decidedBy: actor, ...(comment !== undefined ? { comment } : {}), ...(onBehalfOf ? { onBehalfOf } : {}) } };
  } catch (error) {
    // The items after the application's own and its audit event: the approval, then the stand-in check.
    const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
    if (reasons[2]?.Code === 'ConditionalCheckFailed') return 'TOKEN_REPLACED';
    if (nobodyStoodInFor && reasons[3]?.Code === 'ConditionalCheckFailed') return 'MAY_STAND_IN';
    throw error;
  }
}

/** Transaction items taking pending approvals out of the queues (the application was withdrawn). */
export function cancelPendingApprovals(pending: ApprovalRecord[]) {
  return pending.map((approval) => ({
    Update: {
      TableName: tableName(),
      Key: keys.approval(approval.applicationId, approval.round, approval.level),
      UpdateExpression: 'SET #status = :cancelled REMOVE gsi1pk, gsi1sk, listing',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':cancelled': 'CANCELLED', ':pending': 'PENDING' },
    },
  }));
}

/**
 * The approval's first deadline passed: a reminder to its deciders, recorded with the audit trail.
 * Its second: it is handed to the unit above (the level above decides it), with a notification there.
 */
export async function markApprovalOverdue(approval: ApprovalRecord, escalateTo: { orgUnit: string; level: number; name: Message } | undefined, at: string): Promise<void> {
  const deciderLevel = approval.deciderLevel ?? approval.level;
  const escalating = approval.remindedAt !== undefined && escalateTo !== undefined;
  const update = escalating
    ? {
        UpdateExpression: 'SET orgUnit = :unit, deciderLevel = :level, escalatedAt = :at, gsi1pk = :queue, gsi1sk = :order, listing = :listing REMOVE remindedAt',
        values: {
          ':listing': approvalListing({ ...approval, orgUnit: escalateTo.orgUnit }),
          ':unit': escalateTo.orgUnit,
          ':level': escalateTo.level,
          ':at': at,
          ':queue': keys.approvalQueuePartition(escalateTo.orgUnit, escalateTo.level),
          ':order': keys.approvalQueue(escalateTo.orgUnit, escalateTo.level, approval.requestedAt, approval.applicationId).gsi1sk,
        },
      }
    : { UpdateExpression: 'SET remindedAt = :at', values: { ':at': at } };
  const notice = escalating
    ? {
        orgUnit: escalateTo.orgUnit,
        level: escalateTo.level,
        kind: 'APPROVAL_ESCALATED' as const,
        message: { zh: `第 ${approval.level} 级审批逾期未办，已移交${escalateTo.name.zh}`, en: `Level ${approval.level} approval was overdue and is now with ${escalateTo.name.en}` },
      }
    : {
        orgUnit: approval.orgUnit,
        level: deciderLevel,
        kind: 'APPROVAL_OVERDUE' as const,
        message: { zh: `第 ${approval.level} 级审批已逾期，请尽快处理`, en: `Level ${approval.level} approval is overdue; please decide it` },
      };
  await transitionApplication(approval.applicationId, {
    from: ['PENDING_APPROVAL'],
    to: 'PENDING_APPROVAL',
    actor: workflowActor,
    action: escalating ? 'ESCALATE_APPROVAL' : 'REMIND_APPROVAL',
    note: notice.message,
    with: [
      {
        Update: {
          TableName: tableName(),
          Key: keys.approval(approval.applicationId, approval.round, approval.level),
          UpdateExpression: update.UpdateExpression,
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ...update.values, ':pending': 'PENDING' },
        },
      },
      notificationPut({ ...notice, at, applicationId: approval.applicationId }),
    ],
  });
}
