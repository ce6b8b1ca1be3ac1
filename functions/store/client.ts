import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { recordAwsCalls } from '../shared/aws-calls.ts';
import { DatabaseUnavailableError, isServiceFailure } from '../shared/errors.ts';
import { traced } from '../shared/tracing.ts';

/**
 * One client per module load; the SDK reads AWS_ENDPOINT_URL_DYNAMODB, which the local runtime sets.
 * Bounded waits: a database that is down or hung fails the request within seconds (a 503 with
 * Retry-After at the API) instead of holding it open until the caller gives up. A database that is
 * down refuses at once; the connection wait only bounds a busy one, so it is not cut short: on a
 * loaded two-core machine DynamoDB Local took over 2 s to accept a burst of 50 connections.
 */
const client = new DynamoDBClient({ requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000 } });
// Outside the SDK's retries: what is left after them is the database being away, named as such
// (the API answers 503, a workflow step's Retry waits it out). A refused condition stays as it is.
client.middlewareStack.add(
  (next) => async (args) => {
    try {
      return await next(args);
    } catch (error) {
      throw isServiceFailure(error) ? new DatabaseUnavailableError(error) : error;
    }
  },
  { step: 'initialize', name: 'databaseUnavailable' },
);

export const db = DynamoDBDocumentClient.from(recordAwsCalls(traced(client), 'dynamodb'), {
  marshallOptions: { removeUndefinedValues: true },
});

/** Every item a query matches, following DynamoDB's pages (1 MB each) to the end. */
export async function queryAll(input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
