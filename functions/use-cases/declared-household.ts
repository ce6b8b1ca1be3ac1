import { listApplicationsOfApplicant } from '../store/applications.ts';
import { getProfiles, type Profile } from '../store/directory.ts';

/**
 * The names of a person's household as they last declared it, in a hardship-relief application
 * (the member records hold no household; GET /me reads the same). Empty when they never declared one.
 */
export async function declaredHousehold(sub: string): Promise<string[]> {
  const latest = (await listApplicationsOfApplicant(sub, { program: 'hardship-relief' }, 1)).items[0];
  const members = (latest?.details.household as { members?: { relation: string; name: string }[] } | undefined)?.members ?? [];
  return members.filter((member) => member.relation !== 'self').map((member) => member.name);
}

/**
 * The same for several people at once (a payment audit: the payee and each approver):
 * 1. read their profiles in one request (unless the caller has: `profiles`) — the submit that
 *    declares a household keeps it there;
 * 2. a profile from before that was kept has none: look that person's declaration up among their applications.
 */
export async function declaredHouseholds(subs: readonly string[], read?: ReadonlyMap<string, Profile>): Promise<Map<string, string[]>> {
  const profiles = read ?? (await getProfiles([...subs]));
  const found = new Map<string, string[]>();
  await Promise.all(
    [...new Set(subs)].map(async (sub) => {
      const kept = profiles.get(sub)?.declaredHousehold;
      found.set(sub, kept ? kept.names : await declaredHousehold(sub));
    }),
  );
  return found;
}
