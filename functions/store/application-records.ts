import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { chunksOf, mapBounded } from '../shared/bounded.ts';
import { db, queryAll } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { tableName } from './table.ts';
import { toApplication, type Application } from './applications.ts';
import type { Objection } from './objections.ts';
import type { ApprovalRecord, HistoryEntry, PaymentInstructionItem } from './types.ts';

/** An application with everything kept beside it in its partition, as one read gives them. */
export interface ApplicationRecords {
  application: Application;
  /** Oldest first. */
  history: HistoryEntry[];
  approvals: ApprovalRecord[];
  /** By attempt, oldest first. */
  payments: PaymentInstructionItem[];
  objections: Objection[];
}

/**
 * The application and its history, approvals, payment instructions and objections in one
 * (consistent) query of its partition, instead of one request for each: the views and the steps
 * that need more than the application item read it this way.
 */
export async function getApplicationRecords(id: string): Promise<ApplicationRecords | undefined> {
  const items = await queryAll({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.applicationPartition(id) }, ConsistentRead: true });
  const main = items.find((item) => item.sk === keys.application(id).sk);
  if (!main) return undefined;
  const of = <T>(prefix: string) => items.filter((item) => String(item.sk).startsWith(prefix)).map((item) => withoutKeys<T>(item));
  // Entries written inline before history items existed come first (their seqs precede the items').
  const inline = Array.isArray(main.history) ? (main.history as HistoryEntry[]) : [];
  return {
    application: toApplication(main),
    history: [...inline, ...of<HistoryEntry>(keys.historyPrefix)],
    approvals: of<ApprovalRecord>(keys.approvalPrefix),
    payments: of<PaymentInstructionItem>(keys.paymentPrefix),
    objections: of<Objection>(keys.objectionPrefix),
  };
}

/**
 * Payment instructions (by application and attempt) with their applications, both kept in the
 * application's partition: consistent BatchGetItem requests of 100 keys, a few in flight. An
 * import of the bank's results reads what each line settles this way once, rather than each
 * settlement reading its application again.
 */
export async function getInstructionsWithApplications(items: Pick<PaymentInstructionItem, 'applicationId' | 'attempt'>[]): Promise<{ instructions: PaymentInstructionItem[]; applications: Map<string, Application> }> {
  const applicationIds = [...new Set(items.map((item) => item.applicationId))];
  const wanted = [...items.map((item) => keys.paymentInstruction(item.applicationId, item.attempt)), ...applicationIds.map((id) => keys.application(id))];
  const chunks = await mapBounded(chunksOf(wanted, 100), 4, async (chunk) => {
    const got: Record<string, unknown>[] = [];
    let request: Record<string, unknown>[] | undefined = chunk;
    while (request?.length) {
      const out: BatchGetCommandOutput = await db.send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: request, ConsistentRead: true } } }));
      got.push(...(out.Responses?.[tableName()] ?? []));
      request = out.UnprocessedKeys?.[tableName()]?.Keys;
    }
    return got;
  });
  const instructions: PaymentInstructionItem[] = [];
  const applications = new Map<string, Application>();
  for (const item of chunks.flat()) {
    if (String(item.sk).startsWith(keys.paymentPrefix)) instructions.push(withoutKeys<PaymentInstructionItem>(item));
    else {
      const application = toApplication(item);
      applications.set(application.id, application);
    }
  }
  return { instructions, applications };
}
