import { maskBankAccount } from '../domain/id-number.ts';
import { getProgram } from '../domain/programs/index.ts';
import type { WarmthVisitsParameters } from '../domain/programs/warmth-visits/parameters.ts';
import { getApplication } from '../store/applications.ts';
import type { CampaignList } from '../store/campaign-lists.ts';
import { loadOrgTree, type OrgTree } from '../store/directory.ts';
import { deliveryText, nameIn, statusNames, tierText } from '../shared/code-names.ts';
import { say, type Lang } from '../shared/i18n.ts';
import { apiHandler, reply } from '../shared/http.ts';
import type { Caller } from '../use-cases/access.ts';
import { drawCampaignList, type DrawnHousehold } from '../use-cases/draw-campaign-list.ts';
import { recordDeliveryReceipt } from '../use-cases/record-delivery-receipt.ts';
import { submitCampaignList } from '../use-cases/submit-campaign-list.ts';
import { campaignListBody, campaignListParams, deliveryReceiptBody, deliveryReceiptParams } from './campaigns-schemas.ts';

const names = (table: Record<string, [string, string]>, code: string, lang: Lang) => say(nameIn(table, code), lang);
const unitName = (tree: OrgTree, id: string, lang: Lang) => {
  const unit = tree.get(id);
  return unit ? say(unit.name, lang) : id;
};

function campaignView(policy: { id: string; parameters: WarmthVisitsParameters }, lang: Lang) {
  const p = policy.parameters;
  return {
    id: p.campaign.id,
    name: say(p.campaign.name, lang),
    policyVersion: policy.id,
    summary: say(getProgram('warmth-visits').summary(p), lang),
    window: p.window,
    standards: (['DEEP', 'RELATIVE', 'ACCIDENT'] as const).map((tier) => ({ tier, tierName: names(tierText, tier, lang), amountFen: p.standardsFen[tier] })),
    fundingSources: p.fundingSources.map((source) => ({ name: say(source.name, lang), amountFen: source.amountFen })),
    deliveries: p.deliveries.map((delivery) => ({ delivery, name: names(deliveryText, delivery, lang) })),
    ...(p.goods ? { goods: say(p.goods, lang) } : {}),
    publicNoticeWorkingDays: p.publicNoticeWorkingDays,
  };
}

const drawnView = (household: DrawnHousehold, tree: OrgTree, lang: Lang) => ({
  householdFileId: household.householdFileId,
  memberNumber: household.memberNumber,
  name: household.name,
  orgUnit: household.orgUnit,
  orgUnitName: unitName(tree, household.orgUnit, lang),
  tier: household.tier,
  tierName: names(tierText, household.tier, lang),
  standardFen: household.standardFen,
  bankAccount: household.bankAccount ? { bank: household.bankAccount.bank, number: maskBankAccount(household.bankAccount.number) } : null,
  festivalThisYearFen: household.festivalThisYearFen,
});

async function submittedView(list: CampaignList, tree: OrgTree, lang: Lang) {
  const targets = await Promise.all(
    list.targets.map(async (target) => {
      const application = target.refused ? undefined : await getApplication(target.applicationId);
      return {
        memberNumber: target.memberNumber,
        name: target.name,
        orgUnitName: unitName(tree, target.orgUnit, lang),
        tierName: names(tierText, target.tier, lang),
        delivery: target.delivery,
        deliveryName: names(deliveryText, target.delivery, lang),
        ...(target.householdFileId ? { householdFileId: target.householdFileId } : {}),
        ...(target.addedReason ? { addedReason: target.addedReason } : {}),
        applicationId: target.applicationId,
        ...(target.refused ? { refused: say(target.refused, lang) } : {}),
        status: application?.status ?? null,
        statusName: application ? names(statusNames, application.status, lang) : null,
        amountFen: application?.decision?.amountFen ?? null,
      };
    }),
  );
  return {
    status: list.status,
    submittedAt: list.submittedAt,
    submittedBy: list.submittedBy.name,
    targets,
    removed: list.removed.map((removal) => ({ memberNumber: removal.memberNumber, name: removal.name, reason: removal.reason })),
    totalFen: targets.reduce((sum, target) => sum + (target.amountFen ?? 0), 0),
  };
}

/** The campaign in force for a unit and its target list: drawn from the open files, and as submitted. */
export const getCampaignListRoute = apiHandler({ roles: ['official'], params: campaignListParams }).handler(async ({ auth, params, lang }) => {
  const [drawn, tree] = await Promise.all([drawCampaignList(auth as Caller, params.orgUnit), loadOrgTree()]);
  return reply(200, {
    campaign: campaignView(drawn.campaign, lang),
    orgUnit: drawn.orgUnit,
    orgUnitName: unitName(tree, drawn.orgUnit, lang),
    drawn: drawn.drawn.map((household) => drawnView(household, tree, lang)),
    submitted: drawn.submitted ? await submittedView(drawn.submitted, tree, lang) : null,
  });
});

/** The reviewed list goes in: one application per household, through the approval chain, the notice and the delivery. */
export const submitCampaignListRoute = apiHandler({ roles: ['official'], params: campaignListParams, body: campaignListBody }).handler(async ({ auth, params, body, lang }) => {
  const list = await submitCampaignList(auth as Caller, params.orgUnit, body);
  return reply(201, { submitted: await submittedView(list, await loadOrgTree(), lang) });
});

/** Cash or goods handed over: the photo of the recipient's signed receipt records it, and the grant is paid. */
export const recordDeliveryReceiptRoute = apiHandler({ roles: ['official'], params: deliveryReceiptParams, body: deliveryReceiptBody }).handler(async ({ auth, params, body, requestId }) =>
  reply(200, await recordDeliveryReceipt(auth as Caller, params.id, body.documentId, requestId)),
);
