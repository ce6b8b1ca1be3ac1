import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { defaultRuleSettings, type RuleResult, type RuleSettings } from '../domain/finance/payment-rules.ts';
import { auditWrite } from './audit.ts';
import { db, queryAll } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { indexOn, tableName } from './table.ts';
import { listed } from './listing.ts';
import { instructionListing, type InstructionListing } from './payments.ts';
import type { Actor, PaymentInstructionItem } from './types.ts';

export interface StoredRuleSettings {
  program: string;
  settings: RuleSettings;
  updatedAt?: string;
  updatedBy?: { sub: string; name: string };
  auditSeq: number;
  auditHash?: string;
}

export const rulesSubject = (program: string): string => `payment-rules:${program}`;

/** A program's rule settings; the defaults until finance has set them. */
export async function getRuleSettings(program: string): Promise<StoredRuleSettings> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.paymentRules(program), ConsistentRead: true }));
  return ruleSettingsOf(program, out.Item);
}

/** The settings a stored item holds, or the defaults when there is none. */
export function ruleSettingsOf(program: string, item: Record<string, unknown> | undefined): StoredRuleSettings {
  return item ? withoutKeys<StoredRuleSettings>(item) : { program, settings: defaultRuleSettings, auditSeq: 0 };
}

/** New settings with their audit event, conditioned on the chain head read; false when someone else changed them first. */
export async function saveRuleSettings(current: StoredRuleSettings, settings: RuleSettings, actor: Actor, at: string, requestId?: string): Promise<boolean> {
  const audit = auditWrite({
    subject: rulesSubject(current.program),
    previous: current.auditSeq ? { seq: current.auditSeq, hash: current.auditHash as string } : undefined,
    actor,
    at,
    action: 'SET_PAYMENT_RULES',
    before: { ...current.settings },
    after: { ...settings },
    ...(requestId ? { requestId } : {}),
  });
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.paymentRules(current.program), program: current.program, settings, updatedAt: at, updatedBy: { sub: actor.sub, name: actor.name }, auditSeq: audit.seq, auditHash: audit.hash },
              ConditionExpression: current.auditSeq ? 'auditSeq = :seq' : 'attribute_not_exists(pk)',
              ...(current.auditSeq ? { ExpressionAttributeValues: { ':seq': current.auditSeq } } : {}),
            },
          },
          audit.put as never,
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return false;
    throw error;
  }
}

/** The rules kept an instruction out of a batch: it stays waiting, with why, for finance to fix or hold. */
export async function markBlocked(instruction: InstructionListing, blocked: { at: string; batchId: string; results: RuleResult[] }): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.paymentInstruction(instruction.applicationId, instruction.attempt),
      UpdateExpression: 'SET blocked = :blocked, listing = :listing',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      // While it waits, only `blocked` changes of what its listing shows.
      ExpressionAttributeValues: { ':blocked': blocked, ':listing': { ...instruction, blocked }, ':pending': 'PENDING' },
    }),
  ).catch((error: unknown) => {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  });
}


export const instructionSubject = (instructionId: string): string => `payment-instruction:${instructionId}`;

/**
 * Holds a waiting instruction out of batches (or lets a held one wait again), with the hold's
 * comment and its audit event on the instruction's own chain, in one transaction; false when it
 * is not in the state the caller expects (or its chain moved meanwhile).
 */
export async function setHold(instruction: PaymentInstructionItem, hold: PaymentInstructionItem['hold'] | undefined, actor: Actor, at: string, reason?: string): Promise<boolean> {
  const unbatched = keys.unbatchedIndex(instruction.program, instruction.createdAt, instruction.instructionId);
  const previous = instruction.holdAuditSeq ? { seq: instruction.holdAuditSeq, hash: instruction.holdAuditHash ?? '' } : undefined;
  const audit = auditWrite({
    subject: instructionSubject(instruction.instructionId),
    previous,
    actor,
    at,
    action: hold ? 'HOLD_PAYMENT' : 'RELEASE_HOLD',
    before: { status: instruction.status },
    after: { status: hold ? 'HELD' : 'PENDING' },
    ...(reason ? { reason } : {}),
  });
  const chain = previous ? 'holdAuditSeq = :previousSeq' : 'attribute_not_exists(holdAuditSeq)';
  const chainValues = { ':seq': audit.seq, ':hash': audit.hash, ...(previous ? { ':previousSeq': previous.seq } : {}) };
  const { hold: _released, ...waiting } = instruction;
  const after: PaymentInstructionItem = hold ? { ...instruction, status: 'HELD', hold, holdAuditSeq: audit.seq, holdAuditHash: audit.hash } : { ...waiting, status: 'PENDING', holdAuditSeq: audit.seq, holdAuditHash: audit.hash };
  const update = hold
    ? {
        TableName: tableName(),
        Key: keys.paymentInstruction(instruction.applicationId, instruction.attempt),
        UpdateExpression: 'SET #status = :held, #hold = :hold, gsi1pk = :gpk, gsi1sk = :gsk, holdAuditSeq = :seq, holdAuditHash = :hash, listing = :listing REMOVE gsi2pk, gsi2sk',
        ConditionExpression: `#status = :pending AND ${chain}`,
        ExpressionAttributeNames: { '#status': 'status', '#hold': 'hold' },
        ExpressionAttributeValues: { ':held': 'HELD', ':hold': hold, ':pending': 'PENDING', ':gpk': keys.heldIndex(hold.at, instruction.instructionId).gsi1pk, ':gsk': keys.heldIndex(hold.at, instruction.instructionId).gsi1sk, ':listing': instructionListing(after), ...chainValues },
      }
    : {
        TableName: tableName(),
        Key: keys.paymentInstruction(instruction.applicationId, instruction.attempt),
        UpdateExpression: 'SET #status = :pending, gsi2pk = :gpk, gsi2sk = :gsk, holdAuditSeq = :seq, holdAuditHash = :hash, listing = :listing REMOVE #hold, gsi1pk, gsi1sk',
        ConditionExpression: `#status = :held AND ${chain}`,
        ExpressionAttributeNames: { '#status': 'status', '#hold': 'hold' },
        ExpressionAttributeValues: { ':held': 'HELD', ':pending': 'PENDING', ':gpk': unbatched.gsi2pk, ':gsk': unbatched.gsi2sk, ':listing': instructionListing(after), ...chainValues },
      };
  try {
    await db.send(new TransactWriteCommand({ TransactItems: [{ Update: update }, audit.put as never] }));
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return false;
    throw error;
  }
}

/** The instructions finance holds, as listed. */
export async function listHeld(): Promise<InstructionListing[]> {
  const items = await queryAll({ TableName: tableName(), IndexName: indexOn('gsi1'), KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.heldPartition } });
  return items.map((entry) => listed(entry, instructionListing));
}
