import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Member } from '../domain/programs/types.ts';
import { db, queryAll } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { indexOn, tableName } from './table.ts';
import { listed } from './listing.ts';
import type { OrgUnit, Role } from './types.ts';
import { handlerContext } from '../shared/aws-calls.ts';

/** A person known to the system: their roles, unit, approval level and, for workers, membership facts. */
export interface Profile {
  sub: string;
  name: string;
  groups: Role[];
  orgUnit: string;
  level?: number;
  member?: Member;
  /**
   * The household as the person last declared it (a hardship-relief application's members), kept
   * on the profile by the submit that declares it; `names: []` when they never declared one. A
   * profile written before it was kept has none: the declaration is then looked up among their applications.
   */
  declaredHousehold?: DeclaredHousehold;
}

export interface DeclaredHousehold {
  /** The members' names, the person left out. */
  names: string[];
  declaredAt: string;
  applicationId?: string;
}

/** The profile's declared household as a transaction item, written with the application that declares it. */
export function declaredHouseholdUpdate(sub: string, household: DeclaredHousehold) {
  return { Update: { TableName: tableName(), Key: keys.profile(sub), UpdateExpression: 'SET declaredHousehold = :household', ExpressionAttributeValues: { ':household': household } } };
}

/** A person as the staff and member lists show them: whom to delegate to, whom to file for. */
export type ProfileListing = Pick<Profile, 'sub' | 'name' | 'orgUnit'> & { memberNumber?: string };

export const profileListing = ({ sub, name, orgUnit, member }: Pick<Profile, 'sub' | 'name' | 'orgUnit' | 'member'>): ProfileListing => ({ sub, name, orgUnit, ...(member ? { memberNumber: member.number } : {}) });

/** An org unit as listed: the whole unit, which the org tree is built from. */
export const orgUnitListing = ({ id, name, parent, level }: OrgUnit): OrgUnit => ({ id, name, parent, level });

export async function getProfile(sub: string): Promise<Profile | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.profile(sub) }));
  if (!out.Item) return undefined;
  return withoutKeys<Profile>(out.Item);
}

/** A member's profile by member number (officials open a hardship file by it). */
export async function findMemberByNumber(memberNumber: string): Promise<Profile | undefined> {
  const pointer = await db.send(new GetCommand({ TableName: tableName(), Key: keys.memberNumber(memberNumber) }));
  return pointer.Item ? getProfile(String(pointer.Item.sub)) : undefined;
}

/** The other officials of a unit and level (those an official may delegate to). */
export async function listColleagues(orgUnit: string, level: number, exceptSub: string): Promise<Pick<Profile, 'sub' | 'name'>[]> {
  const items = await queryAll({ TableName: tableName(), IndexName: indexOn('gsi1'), KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.staffList(orgUnit, level, '').gsi1pk } });
  return items.map((item) => listed(item, profileListing)).filter((profile) => profile.sub !== exceptSub).map(({ sub, name }) => ({ sub, name }));
}

/** The members of some org units, by name and member number: whom an official may file an assisted application for, or add to a campaign's list. */
export async function listMembersOf(orgUnits: string[]): Promise<ProfileListing[]> {
  const members: ProfileListing[] = [];
  for (const unit of orgUnits) {
    const items = await queryAll({ TableName: tableName(), IndexName: indexOn('gsi2'), KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': keys.memberList(unit, '').gsi2pk } });
    members.push(...items.map((item) => listed(item, profileListing)));
  }
  return members;
}

export async function getProfiles(subs: string[]): Promise<Map<string, Profile>> {
  const found = new Map<string, Profile>();
  const unique = [...new Set(subs)];
  for (let i = 0; i < unique.length; i += 100) {
    const out = await db.send(
      new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: unique.slice(i, i + 100).map((sub) => keys.profile(sub)) } } }),
    );
    for (const item of out.Responses?.[tableName()] ?? []) {
      const profile = withoutKeys<Profile>(item);
      found.set(profile.sub, profile);
    }
  }
  return found;
}

/**
 * The org tree changes rarely; a warm function keeps it for a minute. Kept per handler: on AWS each
 * has its own function, and the local runtime, which runs them all in one process, must not let one
 * handler's query stand in for another's (its recorded calls prove the function's grant).
 */
const TREE_TTL_MS = 60_000;
const cachedTrees = new Map<string, { at: number; units: Map<string, OrgUnit> }>();

export async function loadOrgTree(): Promise<OrgTree> {
  const cacheKey = handlerContext.getStore() ?? '';
  const cachedTree = cachedTrees.get(cacheKey);
  if (cachedTree && Date.now() - cachedTree.at < TREE_TTL_MS) return new OrgTree(cachedTree.units);
  const units = new Map<string, OrgUnit>();
  const items = await queryAll({ TableName: tableName(), IndexName: indexOn('gsi1'), KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.orgUnitList('').gsi1pk } });
  for (const unit of items.map((item) => listed(item, orgUnitListing))) units.set(unit.id, unit);
  cachedTrees.set(cacheKey, { at: Date.now(), units });
  return new OrgTree(units);
}

/** The 市 → 区/县 → 基层 tree: ancestry and subtrees for visibility and approval routing. */
export class OrgTree {
  constructor(private readonly units: Map<string, OrgUnit>) {}

  get(id: string): OrgUnit | undefined {
    return this.units.get(id);
  }

  all(): OrgUnit[] {
    return [...this.units.values()];
  }

  /** The unit itself, then its parent, up to the root. */
  lineage(id: string): OrgUnit[] {
    const chain: OrgUnit[] = [];
    let unit = this.units.get(id);
    while (unit && !chain.includes(unit)) {
      chain.push(unit);
      unit = unit.parent ? this.units.get(unit.parent) : undefined;
    }
    return chain;
  }

  /** The unit of `id`'s lineage that sits at `level` (the one whose officials decide that level). */
  atLevel(id: string, level: number): OrgUnit | undefined {
    return this.lineage(id).find((unit) => unit.level === level);
  }

  subtree(id: string): string[] {
    return this.all()
      .filter((unit) => this.lineage(unit.id).some((ancestor) => ancestor.id === id))
      .map((unit) => unit.id);
  }

  contains(ancestorId: string, id: string): boolean {
    return this.lineage(id).some((unit) => unit.id === ancestorId);
  }
}
