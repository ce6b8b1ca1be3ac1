import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client.ts';
import { keys } from './keys.ts';
import { tableName } from './table.ts';
import type { PaymentInstructionItem } from './types.ts';

export const instructionId = (applicationId: string, attempt: number): string => `${applicationId}-P${attempt}`;

/** The payment instruction as a transaction item: written once per (application, attempt). */
export function paymentInstructionPut(instruction: PaymentInstructionItem) {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...keys.paymentInstruction(instruction.applicationId, instruction.attempt), ...instruction },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function listPaymentInstructions(applicationId: string): Promise<PaymentInstructionItem[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.applicationPartition(applicationId), ':prefix': keys.paymentPrefix },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((item) => {
    const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, ...instruction } = item;
    return instruction as PaymentInstructionItem;
  });
}
