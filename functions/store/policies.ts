import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { db, queryAll } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { tableName } from './table.ts';
import type { Actor } from './types.ts';
import { auditWrite } from './audit.ts';
import { handlerContext } from '../shared/aws-calls.ts';

/** One published, never-changing set of a program's parameters for an org unit from a date. */
export interface PolicyVersion {
  /** `<program>:<orgUnit>:<effectiveFrom>:v<n>` — recorded on every decision made under it. */
  id: string;
  program: string;
  orgUnit: string;
  effectiveFrom: string;
  version: number;
  parameters: Record<string, unknown>;
  publishedAt: string;
  publishedBy: Pick<Actor, 'sub' | 'name'> & { role?: Actor['role'] };
}

export const policyVersionId = (program: string, orgUnit: string, effectiveFrom: string, version: number): string =>
  `${program}:${orgUnit}:${effectiveFrom}:v${version}`;

/** The parts of a version id (as decisions record it); undefined for anything else. */
export function parseVersionId(id: string): { program: string; orgUnit: string; effectiveFrom: string; version: number } | undefined {
  const match = /^([a-z0-9-]+):([a-z0-9-]+):(\d{4}-\d{2}-\d{2}):v(\d+)$/.exec(id);
  if (!match) return undefined;
  return { program: match[1] as string, orgUnit: match[2] as string, effectiveFrom: match[3] as string, version: Number(match[4]) };
}

function toPolicy(item: Record<string, unknown>): PolicyVersion {
  return withoutKeys<PolicyVersion>(item);
}

/**
 * A published version never changes: once read, a warm function keeps it (the steps after a
 * decision read the same one again and again). Kept per handler, as the org tree is
 * (directory.ts): on AWS each has its own function, and the local runtime, which runs them all in
 * one process, must not let one handler's read stand in for another's (its recorded calls prove
 * the function's grant, and the request counts what AWS would serve).
 */
const publishedVersions = new Map<string, Map<string, PolicyVersion>>();

export async function getPolicyVersion(id: string): Promise<PolicyVersion | undefined> {
  const cacheKey = handlerContext.getStore() ?? '';
  let kept = publishedVersions.get(cacheKey);
  if (!kept) publishedVersions.set(cacheKey, (kept = new Map()));
  const known = kept.get(id);
  if (known) return known;
  const parts = parseVersionId(id);
  if (!parts) return undefined;
  const out = await db.send(
    new GetCommand({ TableName: tableName(), Key: keys.policy(parts.program, parts.orgUnit, parts.effectiveFrom, parts.version) }),
  );
  if (!out.Item) return undefined;
  const policy = toPolicy(out.Item);
  kept.set(id, policy);
  return policy;
}

/**
 * The version in force for a unit on a date: the nearest unit of the lineage (itself first, then
 * its ancestors) that has one, and there the latest effective date on or before `on`.
 */
export async function resolvePolicy(program: string, lineage: string[], on: string): Promise<PolicyVersion | undefined> {
  // A program's versions are few (a handful per unit and year): one read of its partition serves every unit of the lineage.
  const items = await queryAll({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.policyPartition(program) }, ConsistentRead: true });
  for (const orgUnit of lineage) {
    const prefix = keys.policySortPrefix(orgUnit);
    const upTo = `${prefix}${on}#~`;
    const inForce = items.filter((item) => typeof item.sk === 'string' && item.sk.startsWith(prefix) && item.sk <= upTo && item.parameters !== undefined).sort((a, b) => (String(a.sk) < String(b.sk) ? 1 : -1))[0];
    if (inForce) return toPolicy(inForce);
  }
  return undefined;
}

export async function listPolicyVersions(program: string, orgUnit: string): Promise<PolicyVersion[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.policyPartition(program), ':prefix': keys.policySortPrefix(orgUnit) },
    }),
  );
  return (out.Items ?? []).map(toPolicy);
}

/**
 * Publishes the next version for (program, org unit). The counter and the version are written in
 * one transaction; a version, once written, is never updated.
 */
export async function publishPolicyVersion(
  input: Omit<PolicyVersion, 'id' | 'version'>,
): Promise<PolicyVersion> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const counter = await db.send(
      new GetCommand({ TableName: tableName(), Key: keys.policyCounter(input.program, input.orgUnit), ConsistentRead: true }),
    );
    const last = Number(counter.Item?.last ?? 0);
    const version = last + 1;
    const policy: PolicyVersion = { ...input, version, id: policyVersionId(input.program, input.orgUnit, input.effectiveFrom, version) };
    // Each (program, org unit) has its own audit chain, its head kept on the version counter.
    const audit = auditWrite({
      subject: `policy:${input.program}:${input.orgUnit}`,
      previous: counter.Item?.auditSeq ? { seq: Number(counter.Item.auditSeq), hash: String(counter.Item.auditHash) } : undefined,
      actor: { sub: input.publishedBy.sub, name: input.publishedBy.name, role: input.publishedBy.role ?? 'admin', orgUnit: input.orgUnit },
      at: input.publishedAt,
      action: 'PUBLISH_POLICY',
      before: null,
      after: { version: policy.id, effectiveFrom: input.effectiveFrom, parameters: input.parameters },
    });
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.policyCounter(input.program, input.orgUnit), last: version, auditSeq: audit.seq, auditHash: audit.hash },
                ConditionExpression: last === 0 ? 'attribute_not_exists(pk)' : '#last = :last',
                ...(last === 0 ? {} : { ExpressionAttributeNames: { '#last': 'last' }, ExpressionAttributeValues: { ':last': last } }),
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.policy(input.program, input.orgUnit, input.effectiveFrom, version), ...policy },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            audit.put,
          ],
        }),
      );
      return policy;
    } catch (error) {
      if (error instanceof TransactionCanceledException) continue;
      throw error;
    }
  }
  throw new Error(`could not publish a policy version for ${input.program}/${input.orgUnit}: too much contention`);
}
