import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client.ts';
import { keys } from './keys.ts';
import { tableName } from './table.ts';
import { publishPolicyVersion } from './policies.ts';
import { setAllocation } from './budgets.ts';
import type { Region } from '../domain/region.ts';

/**
 * Loads a region's org tree, people, first policy versions and budgets. Runs once per table: a marker item
 * records that it did, so restarts keep what users changed.
 */
export async function seedRegion(region: Region, at: string): Promise<boolean> {
  const marker = await db.send(new GetCommand({ TableName: tableName(), Key: keys.seedMarker(), ConsistentRead: true }));
  if (marker.Item) return false;
  for (const unit of region.orgUnits) {
    await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.orgUnit(unit.id), ...keys.orgUnitList(unit.id), ...unit } }));
  }
  for (const user of region.users) {
    const staff = user.groups.includes('official') && user.level !== undefined ? keys.staffList(user.orgUnit, user.level, user.sub) : {};
    const member = user.member ? keys.memberList(user.orgUnit, user.sub) : {};
    await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.profile(user.sub), ...staff, ...member, ...user } }));
  }
  for (const [program, policy] of Object.entries(region.policies)) {
    await publishPolicyVersion({ program, ...policy, publishedAt: at, publishedBy: { sub: 'seed', name: '初始参数 / initial parameters' } });
  }
  for (const budget of region.budgets) {
    await setAllocation(budget.program, budget.year, budget.orgUnit, budget.allocatedFen, at, { sub: 'seed', name: '初始预算 / initial budget', role: 'system', orgUnit: budget.orgUnit });
  }
  await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.seedMarker(), seededAt: at } }));
  return true;
}
