import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { AcceptedType } from '../domain/documents.ts';
import { db } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { tableName } from './table.ts';

/**
 * One uploaded document. Uploaded for a draft (the worker's, or an official's assisted filing),
 * it is in its owner's draft list; a submitted application, or a worker answering a request for
 * documents, attaches it (`applicationId`), after which it can no longer be removed.
 */
export interface StoredDocument {
  id: string;
  /** Who uploaded it: the worker, or the official filing for them. */
  ownerSub: string;
  kind: string;
  name: string;
  /** The type the browser announced (the upload URL is signed for it). */
  contentType: AcceptedType;
  size: number;
  createdAt: string;
  /** UPLOADING until its bytes are checked; READY when they are an accepted type; REFUSED otherwise (and deleted). */
  status: 'UPLOADING' | 'READY' | 'REFUSED';
  /** The type its bytes show (READY only). */
  detectedType?: AcceptedType;
  checkedAt?: string;
  applicationId?: string;
}

export async function getDocument(id: string): Promise<StoredDocument | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.document(id), ConsistentRead: true }));
  return out.Item ? withoutKeys<StoredDocument>(out.Item) : undefined;
}

export async function getDocuments(ids: string[]): Promise<Map<string, StoredDocument>> {
  const found = new Map<string, StoredDocument>();
  for (let start = 0; start < ids.length; start += 100) {
    const chunk = [...new Set(ids.slice(start, start + 100))];
    let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead?: boolean }> | undefined = {
      [tableName()]: { Keys: chunk.map((id) => keys.document(id)), ConsistentRead: true },
    };
    while (request && Object.keys(request).length) {
      const out = await db.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of out.Responses?.[tableName()] ?? []) {
        const document = withoutKeys<StoredDocument>(item);
        found.set(document.id, document);
      }
      request = out.UnprocessedKeys as typeof request;
    }
  }
  return found;
}

/** Records an upload that is about to happen, in its owner's draft list. */
export async function createDocument(document: StoredDocument): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...document, ...keys.document(document.id), ...keys.draftDocumentIndex(document.ownerSub, document.createdAt, document.id) },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/**
 * The outcome of checking the uploaded bytes: the document as it now is (the write returns it, so
 * the caller need not read it again); undefined when it moved on meanwhile (checked twice at once).
 */
export async function recordCheck(id: string, outcome: { status: 'READY'; detectedType: AcceptedType; size: number } | { status: 'REFUSED' }, at: string): Promise<StoredDocument | undefined> {
  const ready = outcome.status === 'READY';
  try {
    const out = await db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.document(id),
        UpdateExpression: ready ? 'SET #status = :status, detectedType = :type, #size = :size, checkedAt = :at' : 'SET #status = :status, checkedAt = :at REMOVE gsi1pk, gsi1sk',
        ConditionExpression: '#status = :uploading',
        ExpressionAttributeNames: { '#status': 'status', ...(ready ? { '#size': 'size' } : {}) },
        ExpressionAttributeValues: { ':status': outcome.status, ':at': at, ':uploading': 'UPLOADING', ...(ready ? { ':type': outcome.detectedType, ':size': outcome.size } : {}) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return out.Attributes ? withoutKeys<StoredDocument>(out.Attributes) : undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** A draft's document removed before sending; false when it was attached meanwhile. */
export async function deleteDraftDocument(id: string): Promise<boolean> {
  try {
    await db.send(new DeleteCommand({ TableName: tableName(), Key: keys.document(id), ConditionExpression: 'attribute_not_exists(applicationId)' }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * Transaction item attaching a ready draft document of `ownerSub` to an application (leaving the
 * draft list); the transaction fails when it is someone else's, not ready or attached already.
 */
export function attachDocumentUpdate(id: string, ownerSub: string, applicationId: string) {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.document(id),
      UpdateExpression: 'SET applicationId = :app REMOVE gsi1pk, gsi1sk',
      ConditionExpression: 'ownerSub = :owner AND #status = :ready AND attribute_not_exists(applicationId)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':app': applicationId, ':owner': ownerSub, ':ready': 'READY' },
    },
  };
}
