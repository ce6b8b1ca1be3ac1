import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Message } from '../domain/message.ts';
import { db, queryAll } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { indexOn, tableName } from './table.ts';
import { listed } from './listing.ts';
import { auditWrite } from './audit.ts';
import type { Actor } from './types.ts';

/** What one line of a partner file came to (kept with the file, without names or ID numbers). */
export interface PartnerLineOutcome {
  line: number;
  outcome: 'proposed' | 'already-proposed' | 'claimed-by-hand' | 'not-proposed' | 'not-a-member' | 'file-review' | 'warning' | 'recorded';
  applicationId?: string;
  memberNumber?: string;
  fileId?: string;
  message?: Message;
}

/** A partner agency's file as imported: who sent it, when and by whom it was imported, what it proposed. */
export interface PartnerFile {
  id: string;
  kind: string;
  /** The agency it came from, as the official named it (e.g. 市医保局). */
  origin: string;
  importedAt: string;
  importedBy: { sub: string; name: string; orgUnit: string };
  /** SHA-256 of the bytes: the same file imported again is recognised. */
  sha256: string;
  records: number;
  /** Lines whose person is a member in the importing official's part of the union. */
  matched: number;
  outcomes: PartnerLineOutcome[];
  /** A 低保 list: the member numbers on it (the next list is compared with it). */
  onList?: string[];
  /** An earlier import of the same bytes, if any. */
  sameAs?: string;
  auditSeq: number;
  auditHash: string;
}

export const partnerFileAuditSubject = (id: string) => `partner-file:${id}`;

/** A partner file as the list of a kind's imports shows it: whence, when, by whom, how many; not its lines' outcomes. */
export type PartnerFileListing = Pick<PartnerFile, 'id' | 'kind' | 'origin' | 'importedAt' | 'importedBy' | 'sha256' | 'records' | 'matched'> & Partial<Pick<PartnerFile, 'sameAs'>>;

export const partnerFileListing = ({ id, kind, origin, importedAt, importedBy, sha256, records, matched, sameAs }: PartnerFileListing): PartnerFileListing => ({ id, kind, origin, importedAt, importedBy, sha256, records, matched, ...(sameAs ? { sameAs } : {}) });

/** Records an imported file with its audit event (origin, kind, time, counts), in one transaction. */
export async function recordPartnerFile(file: Omit<PartnerFile, 'auditSeq' | 'auditHash'>, actor: Actor): Promise<PartnerFile> {
  const audit = auditWrite({
    subject: partnerFileAuditSubject(file.id),
    previous: undefined,
    actor,
    at: file.importedAt,
    action: 'IMPORT_PARTNER_FILE',
    before: null,
    after: { kind: file.kind, origin: file.origin, sha256: file.sha256, records: file.records, matched: file.matched, proposed: file.outcomes.filter((o) => o.outcome === 'proposed').length, ...(file.sameAs ? { sameAs: file.sameAs } : {}) },
  });
  const stored: PartnerFile = { ...file, auditSeq: audit.seq, auditHash: audit.hash };
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName(), Item: { ...keys.partnerFile(file.id), ...keys.partnerFileList(file.kind, file.importedAt, file.id), listing: partnerFileListing(stored), ...stored }, ConditionExpression: 'attribute_not_exists(pk)' } },
        audit.put,
      ],
    }),
  );
  return stored;
}

/** The files of a kind, newest first, as listed. */
export async function listPartnerFiles(kind: string, limit = 50): Promise<PartnerFileListing[]> {
  const out = await db.send(
    new QueryCommand({ TableName: tableName(), IndexName: indexOn('gsi1'), KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.partnerFileListPartition(kind) }, ScanIndexForward: false, Limit: limit }),
  );
  return (out.Items ?? []).map((entry) => listed(entry, partnerFileListing));
}

export async function getPartnerFile(id: string): Promise<PartnerFile | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.partnerFile(id) }));
  return out.Item ? withoutKeys<PartnerFile>(out.Item) : undefined;
}

/** The application a partner record was proposed as, if it ever was. */
export async function proposalOfSource(sourceHash: string): Promise<string | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.proposalSource(sourceHash), ConsistentRead: true }));
  return out.Item ? String(out.Item.applicationId) : undefined;
}

/** Transaction items of a new proposal: its source held for good (fails when proposed before) and its place on the expiry list. */
export function proposalItems(sourceHash: string, applicationId: string, expiresAt: string) {
  return [
    { Put: { TableName: tableName(), Item: { ...keys.proposalSource(sourceHash), applicationId }, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName: tableName(), Item: { ...keys.proposalExpiry(expiresAt, applicationId), applicationId } } },
  ];
}

/** Off the expiry list, with the proposal's confirmation, decline or expiry. */
export const proposalExpiryDelete = (expiresAt: string, applicationId: string) => ({ Delete: { TableName: tableName(), Key: keys.proposalExpiry(expiresAt, applicationId) } });

/** Proposals whose confirmation period ended before `before`, oldest first. */
export async function listExpiredProposals(before: string, limit: number): Promise<{ applicationId: string; expiresAt: string }[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk < :before',
      ExpressionAttributeValues: { ':pk': keys.proposalExpiryPartition, ':before': before },
      Limit: limit,
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((item) => ({ applicationId: String(item.applicationId), expiresAt: String(item.sk).split('#')[0] as string }));
}

/** A stale entry of the expiry list (its proposal already settled). */
export async function dropProposalExpiry(expiresAt: string, applicationId: string): Promise<void> {
  await db.send(new DeleteCommand({ TableName: tableName(), Key: keys.proposalExpiry(expiresAt, applicationId) }));
}

/** The member whose ID number has one of these keyed hashes (every key version's), if any. */
export async function findMemberSubByIdHash(hashes: readonly string[]): Promise<string | undefined> {
  for (const hash of hashes) {
    const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.memberIdHash(hash) }));
    if (out.Item) return String(out.Item.sub);
  }
  return undefined;
}

/** The pointer from a member's hashed ID number to their profile (written when the member record is loaded). */
export const memberIdHashPut = (hash: string, sub: string) => new PutCommand({ TableName: tableName(), Item: { ...keys.memberIdHash(hash), sub } });

/**
 * Records a stay's self-paid cost for the household's year (once per stay) and returns the year's
 * total of the stays recorded.
 */
export async function addMedicalCost(memberNumber: string, year: number, stayHash: string, selfPaidFen: number, at: string): Promise<number> {
  try {
    await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.medicalCost(memberNumber, year, stayHash), selfPaidFen, at }, ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :year)',
    ExpressionAttributeValues: { ':pk': keys.medicalCostPartition(memberNumber), ':year': `${year}#` },
    ConsistentRead: true,
  });
  return items.reduce((sum, item) => sum + Number(item.selfPaidFen ?? 0), 0);
}

/** Marks the household's 防返困 warning of the year raised; false when it was raised before. */
export async function raiseMedicalWarning(memberNumber: string, year: number, at: string): Promise<boolean> {
  try {
    await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.medicalWarning(memberNumber, year), at }, ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Whether the household was on the last 低保 list imported for its unit (false when none was). */
export async function wasOnDibaoList(memberNumber: string): Promise<boolean> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.dibaoState(memberNumber), ConsistentRead: true }));
  return out.Item?.onList === true;
}

/** Records whether the household is on the 低保 list just imported (and which file said so). */
export async function recordDibaoState(memberNumber: string, onList: boolean, partnerFileId: string, at: string): Promise<void> {
  await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.dibaoState(memberNumber), onList, partnerFileId, at } }));
}
