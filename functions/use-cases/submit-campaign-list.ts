import { createHash } from 'node:crypto';
import { getProgram } from '../domain/programs/index.ts';
import type { BankAccount } from '../domain/programs/common.ts';
import { isSealed } from '../domain/sealed.ts';
import type { WarmthVisitsDetails } from '../domain/programs/warmth-visits/details.ts';
import { deliveryNames } from '../domain/programs/warmth-visits/decide.ts';
import { campaignKey } from '../domain/programs/warmth-visits/parameters.ts';
import { ClaimTakenError, createApplication, getApplication } from '../store/applications.ts';
import { markCampaignListFiled, recordCampaignList, ListAlreadySubmittedError, type CampaignList, type CampaignTarget } from '../store/campaign-lists.ts';
import { findMemberByNumber } from '../store/directory.ts';
import { nowIso } from '../shared/clock.ts';
import { shanghaiDate, shanghaiYear } from '../shared/dates.ts';
import { ConflictError, ValidationError, type FieldProblem } from '../shared/errors.ts';
import { countEvent } from '../shared/metrics.ts';
import type { CampaignListBody } from '../domain/programs/warmth-visits/list.ts';
import type { Caller } from './access.ts';
import { drawCampaignList } from './draw-campaign-list.ts';
import { accountOnRecord } from '../store/applications.ts';
import { newApplicationId } from './submit-application.ts';
import { startWorkflow } from './start-workflow.ts';

const program = () => getProgram('warmth-visits');

/**
 * A campaign's claim key (campaign and member number) carries no ID number, so it is stored as a
 * plain digest rather than under the ID-hash key (which only the handler that hashes ID numbers
 * reads); the `c.` prefix keeps it apart from those.
 */
const claimDigest = (key: string): string => `c.${createHash('sha256').update(key).digest('hex')}`;

/**
 * A unit's reviewed target list goes in (送温暖): one application per household, filed by the
 * official, which the workflow then checks and carries through the approval chain (decided in
 * batches), the public notice in working days and the delivery.
 * 1. Draw the list again; today must be in the campaign's window (else 409).
 * 2. Every drawn household is kept or removed with a reason; an added one is a member of the unit's
 *    subtree not on file, with a reason and a tier; each is on the list once; its delivery is one
 *    the campaign uses, and a bank transfer needs an account on record (else field errors, nothing written).
 * 3. Record the list (once per campaign and unit: 409 for a second), then each household's
 *    application with its exclusive claim (a household already on another unit's list of the
 *    campaign is marked refused on this one) and start its workflow; then mark the list filed.
 * A list left FILING (a crash) is filed on by the next submission of the same unit.
 */
export async function submitCampaignList(caller: Caller, orgUnit: string, body: CampaignListBody) {
  const { campaign, drawn, submitted, subtree } = await drawCampaignList(caller, orgUnit);
  const p = campaign.parameters;
  if (submitted?.status === 'FILING') return fileApplications(submitted, caller);
  if (submitted) throw new ConflictError('LIST_SUBMITTED', { zh: `本单位“${p.campaign.name.zh}”的名单已于 ${shanghaiDate(submitted.submittedAt)} 提交`, en: `This unit’s list for “${p.campaign.name.en}” was submitted on ${shanghaiDate(submitted.submittedAt)}` });
  const at = nowIso();
  const today = shanghaiDate(at);
  if (today < p.window.opensOn || today > p.window.closesOn) {
    throw new ConflictError('CAMPAIGN_CLOSED', { zh: `不在“${p.campaign.name.zh}”活动期内（${p.window.opensOn} 至 ${p.window.closesOn}）`, en: `Outside the “${p.campaign.name.en}” window (${p.window.opensOn} to ${p.window.closesOn})` });
  }

  const problems: FieldProblem[] = [];
  const byFile = new Map(drawn.map((household) => [household.householdFileId, household]));
  const kept = new Set(body.targets.map((target) => target.householdFileId).filter(Boolean));
  const removedIds = new Set(body.removed.map((removal) => removal.householdFileId));
  body.removed.forEach((removal, index) => {
    if (!byFile.has(removal.householdFileId)) problems.push({ path: `removed.${index}.householdFileId`, message: { zh: '名单上没有这份档案', en: 'This file is not on the drawn list' } });
    else if (kept.has(removal.householdFileId)) problems.push({ path: `removed.${index}.householdFileId`, message: { zh: '同一户不能既保留又移出', en: 'A household cannot be both kept and removed' } });
  });
  for (const household of drawn) {
    if (!kept.has(household.householdFileId) && !removedIds.has(household.householdFileId)) {
      problems.push({ path: 'removed', message: { zh: `${household.name}（${household.memberNumber}）在档，须列入名单或写明移出理由`, en: `${household.name} (${household.memberNumber}) is on file: keep the household or give the reason for removing it` } });
    }
  }

  const targets: CampaignTarget[] = [];
  const seen = new Set<string>();
  for (const [index, target] of body.targets.entries()) {
    const path = `targets.${index}`;
    if (seen.has(target.memberNumber)) problems.push({ path: `${path}.memberNumber`, message: { zh: '同一户在名单上出现了两次', en: 'The household is on the list twice' } });
    seen.add(target.memberNumber);
    if (!p.deliveries.includes(target.delivery)) {
      problems.push({ path: `${path}.delivery`, message: { zh: `本次活动的发放方式为：${p.deliveries.map((d) => deliveryNames[d].zh).join('、')}`, en: `This campaign delivers by ${p.deliveries.map((d) => deliveryNames[d].en).join(', ')}` } });
    }
    let found: { sub: string; name: string; orgUnit: string; memberNumber: string; tier: CampaignTarget['tier']; account?: WarmthVisitsDetails['bankAccount'] } | undefined;
    if (target.householdFileId) {
      const household = byFile.get(target.householdFileId);
      if (!household || household.memberNumber !== target.memberNumber) problems.push({ path: `${path}.householdFileId`, message: { zh: '名单上没有这份档案', en: 'This file is not on the drawn list' } });
      else found = { ...household, ...(household.bankAccount ? { account: household.bankAccount } : {}) };
    } else if (!target.added) {
      problems.push({ path: `${path}.added`, message: { zh: '不在档的家庭须写明增补理由并核定困难类别', en: 'A household not on file needs the reason it was added and its tier' } });
    } else {
      const profile = await findMemberByNumber(target.memberNumber);
      if (!profile?.member || !subtree.includes(profile.orgUnit)) {
        problems.push({ path: `${path}.memberNumber`, message: { zh: '在本单位范围内找不到这位会员', en: 'No such member in this unit' } });
      } else if (drawn.some((household) => household.memberNumber === target.memberNumber)) {
        problems.push({ path: `${path}.memberNumber`, message: { zh: '这户已在档，已按档案列入名单', en: 'This household is on file and drawn from it already' } });
      } else {
        const account = await accountOnRecord(profile.sub, profile.name);
        found = { sub: profile.sub, name: profile.name, orgUnit: profile.orgUnit, memberNumber: profile.member.number, tier: target.added.tier, ...(account ? { account } : {}) };
      }
    }
    if (found && target.delivery === 'bank-transfer' && !found.account) {
      problems.push({ path: `${path}.delivery`, message: { zh: `没有${found.name}的收款账户记录，请选择现金或慰问物资当面发放`, en: `There is no bank account on record for ${found.name}: deliver cash or goods by hand` } });
    }
    if (found) {
      targets.push({
        memberNumber: found.memberNumber,
        name: found.name,
        orgUnit: found.orgUnit,
        ...(target.householdFileId ? { householdFileId: target.householdFileId } : {}),
        tier: found.tier,
        delivery: target.delivery,
        ...(target.added ? { addedReason: target.added.reason } : {}),
        applicationId: newApplicationId(new Date(at)),
        sub: found.sub,
      });
    }
  }
  if (problems.length) throw new ValidationError(problems);

  const list: CampaignList = {
    campaignId: campaignKey(p),
    orgUnit,
    policyVersion: campaign.id,
    status: 'FILING',
    submittedAt: at,
    submittedBy: { sub: caller.sub, name: caller.name, orgUnit: caller.orgUnit },
    targets,
    removed: body.removed.map((removal) => {
      const household = byFile.get(removal.householdFileId)!;
      return { memberNumber: household.memberNumber, name: household.name, householdFileId: removal.householdFileId, reason: removal.reason };
    }),
  };
  try {
    await recordCampaignList(list);
  } catch (error) {
    if (error instanceof ListAlreadySubmittedError) throw new ConflictError('LIST_SUBMITTED', { zh: '本单位的名单刚刚已由他人提交', en: 'This unit’s list was just submitted by someone else' });
    throw error;
  }
  return fileApplications(list, caller);
}

/** Records and starts each household's application (those recorded before a crash are started again, which is idempotent). */
async function fileApplications(list: CampaignList, caller: Caller) {
  const module = program();
  const actor = { sub: caller.sub, name: caller.name, role: 'official' as const, orgUnit: caller.orgUnit };
  const targets: CampaignTarget[] = [];
  for (const target of list.targets) {
    if (target.refused || (await getApplication(target.applicationId))) {
      if (!target.refused) await startWorkflow('warmth-visits', target.applicationId);
      targets.push(target);
      continue;
    }
    // The account is read again here, not kept on the list: account numbers live only in applications.
    const bankAccount = target.delivery === 'bank-transfer' ? await accountOnRecord(target.sub, target.name) : undefined;
    // An account on record is stored sealed (its digits cannot be checked again): checked with a stand-in, then kept as it is.
    const checked: WarmthVisitsDetails = module.detailsSchema.parse({
      campaignId: list.campaignId,
      ...(target.householdFileId ? { householdFileId: target.householdFileId } : { addedReason: target.addedReason, tier: target.tier }),
      delivery: target.delivery,
      ...(bankAccount ? { bankAccount: isSealed(bankAccount.number) ? { ...bankAccount, number: '000000000000' } : bankAccount } : {}),
      attachments: [],
    });
    const details: WarmthVisitsDetails = bankAccount ? { ...checked, bankAccount: { ...(checked as { bankAccount: BankAccount }).bankAccount, number: bankAccount.number } } : checked;
    const submittedAt = nowIso();
    const claims = module.exclusiveClaims(details, submittedAt, { sub: target.sub, memberNumber: target.memberNumber });
    try {
      await createApplication(
        {
          id: target.applicationId,
          program: 'warmth-visits',
          status: 'SUBMITTED',
          submittedAt,
          year: shanghaiYear(submittedAt),
          applicant: { sub: target.sub, name: target.name, orgUnit: target.orgUnit, memberNumber: target.memberNumber },
          details,
          documents: [],
          filedBy: { sub: caller.sub, name: caller.name, orgUnit: caller.orgUnit, campaignId: list.campaignId },
          round: 1,
          claims: claims.map((claim) => claimDigest(claim.key)),
          openClaims: [],
        },
        actor,
      );
    } catch (error) {
      if (!(error instanceof ClaimTakenError)) throw error;
      targets.push({ ...target, refused: claims[0]!.message });
      continue;
    }
    await startWorkflow('warmth-visits', target.applicationId);
    countEvent('submitted', 'warmth-visits');
    targets.push(target);
  }
  const filed = { ...list, status: 'FILED' as const, targets };
  await markCampaignListFiled(filed);
  return filed;
}
