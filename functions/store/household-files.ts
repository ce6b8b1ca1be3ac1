import { randomBytes } from 'node:crypto';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { memberFileOf, openStates, type HouseholdFile } from '../domain/households/file.ts';
import { db, queryAll } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { indexOn, tableName } from './table.ts';
import { listed } from './listing.ts';
import { auditWrite, type AuditChange } from './audit.ts';
import type { Actor } from './types.ts';
import { referenceDay } from '../shared/dates.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A file's reference: HF-<Shanghai date>-<random>, like an application's. */
export const newFileId = (at: string): string => `HF-${referenceDay(at)}-${randomBytes(5).toString('hex').toUpperCase()}`;

/** The audit chain of one household file. */
export const fileAuditSubject = (id: string) => `household:${id}`;

/** The household already has an open file (in this unit or another). */
export class FileAlreadyOpenError extends Error {
  constructor(readonly memberNumber: string) {
    super(`household ${memberNumber} already has an open file`);
    this.name = 'FileAlreadyOpenError';
  }
}

/** The file changed since it was read: read it again and decide again. */
export class StaleFileError extends Error {
  constructor(readonly id: string) {
    super(`household file ${id} changed concurrently`);
    this.name = 'StaleFileError';
  }
}

export async function getHouseholdFile(id: string): Promise<HouseholdFile | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.householdFile(id), ConsistentRead: true }));
  return out.Item ? withoutKeys<HouseholdFile>(out.Item) : undefined;
}

/** The household's open file, wherever it is kept. */
export async function openFileOf(memberNumber: string): Promise<HouseholdFile | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.openHouseholdFile(memberNumber), ConsistentRead: true }));
  return out.Item ? getHouseholdFile(String(out.Item.fileId)) : undefined;
}

/**
 * A file as the units' lists show it (the list, the watch-lists, the yearly review, a campaign's
 * draw, a 低保 list's comparison): who, where, which tier and state, since when; not the household's
 * facts, the tier's decisions or the visits.
 */
export type HouseholdFileListing = Pick<HouseholdFile, 'id' | 'memberNumber' | 'head' | 'orgUnit' | 'state' | 'tier' | 'openedAt' | 'filedOn' | 'updatedAt' | 'closedAt' | 'closeReason'>;

export const householdFileListing = ({ id, memberNumber, head, orgUnit, state, tier, openedAt, filedOn, updatedAt, closedAt, closeReason }: HouseholdFile): HouseholdFileListing => ({
  id,
  memberNumber,
  head: { sub: head.sub, name: head.name, memberNumber: head.memberNumber },
  orgUnit,
  state,
  tier,
  openedAt,
  filedOn,
  updatedAt,
  ...(closedAt ? { closedAt } : {}),
  ...(closeReason ? { closeReason } : {}),
});

/** Every file of a household, newest first (open or closed), as listed. */
export async function listFilesOfHousehold(memberNumber: string): Promise<HouseholdFileListing[]> {
  const items = await queryAll({ TableName: tableName(), IndexName: indexOn('gsi2'), KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': keys.householdFilesOfPartition(memberNumber) }, ScanIndexForward: false });
  return items.map((entry) => listed(entry, householdFileListing));
}

/** Every file of a household, newest first, whole (the household's facts, the visits): a household has few, each read by key. */
export async function filesOfHousehold(memberNumber: string): Promise<HouseholdFile[]> {
  const files = await Promise.all((await listFilesOfHousehold(memberNumber)).map((file) => getHouseholdFile(file.id)));
  return files.filter((file): file is HouseholdFile => file !== undefined);
}

/** The files kept by these units, newest first, as listed. */
export async function listHouseholdFiles(orgUnits: string[]): Promise<HouseholdFileListing[]> {
  const pages = await Promise.all(
    orgUnits.map((orgUnit) => queryAll({ TableName: tableName(), IndexName: indexOn('gsi1'), KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.householdFileListPartition(orgUnit) } })),
  );
  return pages
    .flat()
    .map((entry) => listed(entry, householdFileListing))
    .sort((a, b) => (a.openedAt < b.openedAt ? 1 : -1));
}

const fileItem = (file: HouseholdFile) => ({
  ...file,
  ...keys.householdFile(file.id),
  ...keys.householdFileList(file.orgUnit, file.openedAt, file.id),
  ...keys.householdFilesOf(file.memberNumber, file.openedAt, file.id),
  listing: householdFileListing(file),
});

/** The member record's `hardshipFile`, which the programs' rules read: written with every change of the file, so it is the file's state. */
function memberRecordItem(file: HouseholdFile): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.profile(file.head.sub),
      UpdateExpression: 'SET #member.hardshipFile = :file',
      ConditionExpression: 'attribute_exists(#member)',
      ExpressionAttributeNames: { '#member': 'member' },
      ExpressionAttributeValues: { ':file': memberFileOf(file) },
    },
  };
}

const summary = (file: HouseholdFile): AuditChange => ({ state: file.state, tier: file.tier, orgUnit: file.orgUnit, ...(file.closeReason ? { closeReason: file.closeReason } : {}) });

/**
 * Transaction items opening a file (建档): the file, the household's open-file item (which fails
 * when another file of the household is open, in any unit), the member record and the first audit
 * event. Other writes (an application's approval) put them in their own transaction.
 */
export function openFileItems(file: Omit<HouseholdFile, 'auditSeq' | 'auditHash'>, actor: Actor, action = 'FILE_OPEN'): { file: HouseholdFile; items: TransactItem[] } {
  const audit = auditWrite({ subject: fileAuditSubject(file.id), previous: undefined, actor, at: file.updatedAt, action, before: null, after: summary({ ...file, auditSeq: 0, auditHash: '' }) });
  const stored: HouseholdFile = { ...file, auditSeq: audit.seq, auditHash: audit.hash };
  return {
    file: stored,
    items: [
      { Put: { TableName: tableName(), Item: { ...keys.openHouseholdFile(file.memberNumber), fileId: file.id }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: tableName(), Item: fileItem(stored), ConditionExpression: 'attribute_not_exists(pk)' } },
      audit.put,
      memberRecordItem(stored),
    ],
  };
}

/**
 * Transaction items changing a file (调档, 退档, a visit or note): the file as it now is, on
 * condition that its audit head is the one read; its audit event; the member record; and, when it
 * closes, the household's open-file item is released so a new file may be opened later.
 */
export function changeFileItems(current: HouseholdFile, next: Omit<HouseholdFile, 'auditSeq' | 'auditHash'>, actor: Actor, action: string, reason?: string): { file: HouseholdFile; items: TransactItem[] } {
  const audit = auditWrite({ subject: fileAuditSubject(current.id), previous: { seq: current.auditSeq, hash: current.auditHash }, actor, at: next.updatedAt, action, before: summary(current), after: summary({ ...next, auditSeq: 0, auditHash: '' }), reason });
  const stored: HouseholdFile = { ...next, auditSeq: audit.seq, auditHash: audit.hash };
  const closing = openStates.includes(current.state) && !openStates.includes(stored.state);
  return {
    file: stored,
    items: [
      { Put: { TableName: tableName(), Item: fileItem(stored), ConditionExpression: 'auditSeq = :seq', ExpressionAttributeValues: { ':seq': current.auditSeq } } },
      audit.put,
      ...(current.tier !== stored.tier || closing ? [memberRecordItem(stored)] : []),
      ...(closing ? [{ Delete: { TableName: tableName(), Key: keys.openHouseholdFile(current.memberNumber), ConditionExpression: 'fileId = :id', ExpressionAttributeValues: { ':id': current.id } } }] : []),
    ],
  };
}

/** Opens a file on its own; FileAlreadyOpenError when the household has one. */
export async function openHouseholdFile(file: Omit<HouseholdFile, 'auditSeq' | 'auditHash'>, actor: Actor): Promise<HouseholdFile> {
  const { file: stored, items } = openFileItems(file, actor);
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') throw new FileAlreadyOpenError(file.memberNumber);
    throw error;
  }
  return stored;
}

/** Changes a file on its own, or with further writes that must happen with it; StaleFileError when it (or they) changed since read. */
export async function changeHouseholdFile(current: HouseholdFile, next: Omit<HouseholdFile, 'auditSeq' | 'auditHash'>, actor: Actor, action: string, reason?: string, alongside: TransactItem[] = []): Promise<HouseholdFile> {
  const { file, items } = changeFileItems(current, next, actor, action, reason);
  try {
    await db.send(new TransactWriteCommand({ TransactItems: [...items, ...alongside] }));
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) throw new StaleFileError(current.id);
    throw error;
  }
  return file;
}
