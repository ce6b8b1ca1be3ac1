import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client.ts';
import { keys } from './keys.ts';
import { tableName } from './table.ts';
import { publishPolicyVersion } from './policies.ts';
import { setAllocation } from './budgets.ts';
import type { Region } from '../domain/region.ts';
import { stateForTier, type HouseholdFile } from '../domain/households/file.ts';
import type { Tier } from '../domain/programs/types.ts';
import { newFileId, openHouseholdFile } from './household-files.ts';
import type { Actor } from './types.ts';
import { idHashes } from '../shared/id-hash.ts';
import { resetIdHashKeyCache } from '../shared/id-hash-key.ts';
import { memberIdHashPut } from './partner-files.ts';
import { orgUnitListing, profileListing } from './directory.ts';

const seedActor = (orgUnit: string): Actor => ({ sub: 'seed', name: '初始档案 / initial records', role: 'system', orgUnit });

function regionFile(user: Region['users'][number], filed: { tier: Tier; filedOn: string }, at: string): Omit<HouseholdFile, 'auditSeq' | 'auditHash'> {
  const head = { sub: user.sub, name: user.name, memberNumber: user.member!.number };
  const decision = {
    tier: filed.tier,
    decidedAt: at,
    decidedBy: { sub: 'seed', name: '初始档案 / initial records' },
    source: 'region' as const,
    checks: [],
  };
  return { id: newFileId(at), memberNumber: head.memberNumber, head, orgUnit: user.orgUnit, state: stateForTier(filed.tier), tier: filed.tier, tierDecision: decision, tierHistory: [], entries: [], openedAt: at, filedOn: filed.filedOn, updatedAt: at };
}

/**
 * Loads a region's org tree, people, first policy versions and budgets. Runs once per table: a marker item
 * records that it did, so restarts keep what users changed.
 */
export async function seedRegion(region: Region, at: string): Promise<boolean> {
  const marker = await db.send(new GetCommand({ TableName: tableName(), Key: keys.seedMarker(), ConsistentRead: true }));
  if (marker.Item) return false;
  for (const unit of region.orgUnits) {
    await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.orgUnit(unit.id), ...keys.orgUnitList(unit.id), listing: orgUnitListing(unit), ...unit } }));
  }
  for (const user of region.users) {
    const staff = user.groups.includes('official') && user.level !== undefined ? keys.staffList(user.orgUnit, user.level, user.sub) : {};
    const member = user.member ? keys.memberList(user.orgUnit, user.sub) : {};
    // The ID number is kept only as its keyed hash, pointing at the profile. Nobody has declared a
    // household yet (payment audits read it from the profile, not from their applications).
    const { idNumber, ...memberRecord } = user.member ?? {};
    const person = user.member ? { ...user, member: memberRecord } : user;
    const listing = Object.keys(staff).length || Object.keys(member).length ? { listing: profileListing(user) } : {};
    await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.profile(user.sub), ...staff, ...member, ...listing, declaredHousehold: { names: [], declaredAt: at }, ...person } }));
    if (user.member) await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.memberNumber(user.member.number), sub: user.sub } }));
    if (idNumber) await db.send(memberIdHashPut((await idHashes(idNumber.toUpperCase())).current, user.sub));
    // A household filed before the platform: its file is opened with the region, as the record of that decision.
    if (user.member?.hardshipFile) await openHouseholdFile(regionFile(user, user.member.hardshipFile, at), seedActor(user.orgUnit));
  }
  for (const [program, policy] of Object.entries(region.policies)) {
    await publishPolicyVersion({ program, ...policy, publishedAt: at, publishedBy: { sub: 'seed', name: '初始参数 / initial parameters' } });
  }
  for (const budget of region.budgets) {
    await setAllocation(budget.program, budget.year, budget.orgUnit, budget.allocatedFen, at, { sub: 'seed', name: '初始预算 / initial budget', role: 'system', orgUnit: budget.orgUnit });
  }
  await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.seedMarker(), seededAt: at } }));
  // The seed read the ID-hash key for the members' ID numbers: the functions read it themselves, as on AWS.
  resetIdHashKeyCache();
  return true;
}
