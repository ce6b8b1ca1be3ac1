import { listApplicationsOfOrgUnits, type ApplicationFilter, type ApplicationListing } from '../store/applications.ts';

/** Every application of these org units that the filter matches, as listed, all pages read (for finance's figures over a year). */
export async function applicationsOfUnits(orgUnits: string[], filter: ApplicationFilter): Promise<ApplicationListing[]> {
  const all: ApplicationListing[] = [];
  let token: string | undefined;
  do {
    const page = await listApplicationsOfOrgUnits(orgUnits, filter, 500, token);
    all.push(...page.items);
    token = page.nextToken;
  } while (token);
  return all;
}
