import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client.ts';
import { keys } from './keys.ts';
import { tableName } from './table.ts';

/** Whether the table answers a single-item read within `timeoutMs` (the health check's probe). */
export async function tableReachable(timeoutMs = 5_000): Promise<boolean> {
  try {
    await db.send(new GetCommand({ TableName: tableName(), Key: keys.seedMarker() }), { abortSignal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}
