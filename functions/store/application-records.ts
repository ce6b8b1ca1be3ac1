import { queryAll } from './client.ts';
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
