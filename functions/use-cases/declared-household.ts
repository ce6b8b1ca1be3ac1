import { listApplicationsOfApplicant } from '../store/applications.ts';

/**
 * The names of a person's household as they last declared it, in a hardship-relief application
 * (the member records hold no household; GET /me reads the same). Empty when they never declared one.
 */
export async function declaredHousehold(sub: string): Promise<string[]> {
  const latest = (await listApplicationsOfApplicant(sub, { program: 'hardship-relief' }, 1)).items[0];
  const members = (latest?.details.household as { members?: { relation: string; name: string }[] } | undefined)?.members ?? [];
  return members.filter((member) => member.relation !== 'self').map((member) => member.name);
}
