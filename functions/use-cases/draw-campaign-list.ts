import { openStates } from '../domain/households/file.ts';
import { getProgram } from '../domain/programs/index.ts';
import type { Tier } from '../domain/programs/types.ts';
import { campaignKey, type WarmthVisitsParameters } from '../domain/programs/warmth-visits/parameters.ts';
import type { BankAccount } from '../domain/programs/common.ts';
import { accountOnRecord } from '../store/applications.ts';
import { getCampaignList, type CampaignList } from '../store/campaign-lists.ts';
import { loadOrgTree, type OrgTree } from '../store/directory.ts';
import { listHouseholdFiles } from '../store/household-files.ts';
import { ledgerOfHousehold } from '../store/ledger.ts';
import { nowIso } from '../shared/clock.ts';
import { shanghaiDate, shanghaiYear } from '../shared/dates.ts';
import { NotFoundError } from '../shared/errors.ts';
import { visibleOrgUnits, type Caller } from './access.ts';
import { policyInForce } from './look-up-policy-in-force.ts';

export const campaignProgram = () => getProgram('warmth-visits');

/** One open file drawn onto a unit's list, with what the list's review needs to see. */
export interface DrawnHousehold {
  householdFileId: string;
  memberNumber: string;
  sub: string;
  name: string;
  orgUnit: string;
  tier: Tier;
  standardFen: number;
  /** The account the household was last paid to (its latest application), for a bank transfer. */
  bankAccount?: BankAccount;
  /** Festival benefits already in the ledger this year, any program and unit. */
  festivalThisYearFen: number;
}

/** The campaign (warmth-visits policy) in force for a unit today: its version and parameters; 404 when there is none. */
export async function campaignInForce(orgUnit: string, tree: OrgTree): Promise<{ id: string; parameters: WarmthVisitsParameters }> {
  const policy = await policyInForce<WarmthVisitsParameters>(campaignProgram(), orgUnit, shanghaiDate(nowIso()), tree);
  if (!policy) throw new NotFoundError({ zh: '本单位目前没有进行中的送温暖活动', en: 'No warmth-visits campaign is in force for this unit' });
  return policy;
}

/** The unit an official may draw a list for: their own or one below it (else 404, as for anything they may not see). */
export function assertMayDraw(caller: Caller, orgUnit: string, tree: OrgTree): void {
  if (!caller.groups.includes('official') || !visibleOrgUnits(caller, tree).includes(orgUnit)) throw new NotFoundError({ zh: '在您的单位范围内没有这个单位', en: 'No such unit in your part of the union' });
}

/**
 * A unit's draft target list of the campaign in force (送温暖), drawn from the open hardship files
 * of its subtree, for the official to review.
 * 1. The campaign in force for the unit (404 without one); the caller is an official of it or above.
 * 2. Every open file kept in the unit's subtree: its head, tier and the tier's standard.
 * 3. For each, the account it was last paid to and its festival benefits this year (the ledger).
 * 4. The list as submitted, if it was.
 */
export async function drawCampaignList(caller: Caller, orgUnit: string) {
  const tree = await loadOrgTree();
  assertMayDraw(caller, orgUnit, tree);
  const campaign = await campaignInForce(orgUnit, tree);
  const p = campaign.parameters;
  const year = shanghaiYear(nowIso());
  const files = (await listHouseholdFiles(tree.subtree(orgUnit))).filter((file) => openStates.includes(file.state));
  const drawn: DrawnHousehold[] = await Promise.all(
    files.map(async (file) => {
      const [account, ledger] = await Promise.all([accountOnRecord(file.head.sub, file.head.name), ledgerOfHousehold(file.memberNumber, year)]);
      return {
        householdFileId: file.id,
        memberNumber: file.memberNumber,
        sub: file.head.sub,
        name: file.head.name,
        orgUnit: file.orgUnit,
        tier: file.tier,
        standardFen: p.standardsFen[file.tier],
        ...(account ? { bankAccount: account } : {}),
        festivalThisYearFen: ledger.reduce((sum, entry) => sum + (entry.purposes.festival ?? 0), 0),
      };
    }),
  );
  const submitted: CampaignList | undefined = await getCampaignList(campaignKey(p), orgUnit);
  return { campaign, orgUnit, subtree: tree.subtree(orgUnit), drawn: drawn.sort((a, b) => a.orgUnit.localeCompare(b.orgUnit) || a.memberNumber.localeCompare(b.memberNumber)), submitted };
}
