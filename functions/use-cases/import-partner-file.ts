import { createHash, randomBytes } from 'node:crypto';
import { parsePartnerFile, partnerFileNames, type AdmissionRecord, type HospitalStayRecord, type PartnerFileKind, type PersonRef } from '../domain/proactive/partner-files.ts';
import { dibaoChange, dibaoReviewNote, medicalCostWarning, proposalExpiresAt, proposeAutumnAid, proposeHospitalAllowance, type Proposal, type ProposalOutcome } from '../domain/proactive/rules.ts';
import { openStates, type HouseholdFile } from '../domain/households/file.ts';
import { getProgram } from '../domain/programs/index.ts';
import type { AutumnAidParameters } from '../domain/programs/autumn-aid/parameters.ts';
import type { HardshipReliefParameters } from '../domain/programs/hardship-relief/parameters.ts';
import type { MutualClaimParameters } from '../domain/programs/mutual-claim/parameters.ts';
import type { Member } from '../domain/programs/types.ts';
import { accountOnRecord, ClaimTakenError, createApplication, DocumentTakenError, effectiveStatus, listApplicationsOfApplicant, type ApplicationListing } from '../store/applications.ts';
import { priorBenefitsOfWorker } from '../store/benefits.ts';
import { findMemberByNumber, getProfile, loadOrgTree, type OrgTree, type Profile } from '../store/directory.ts';
import { changeHouseholdFile, filesOfHousehold, getHouseholdFile, listFilesOfHousehold, listHouseholdFiles } from '../store/household-files.ts';
import { workerMessagePuts } from '../store/messages.ts';
import { addMedicalCost, findMemberSubByIdHash, listPartnerFiles, proposalItems, proposalOfSource, raiseMedicalWarning, recordDibaoState, recordPartnerFile, wasOnDibaoList, type PartnerFile, type PartnerLineOutcome } from '../store/partner-files.ts';
import type { Actor, ApplicationStatus } from '../store/types.ts';
import { now } from '../shared/clock.ts';
import { referenceDay, shanghaiDate, shanghaiYear } from '../shared/dates.ts';
import { ValidationError } from '../shared/errors.ts';
import { idHashes } from '../shared/id-hash.ts';
import { visibleOrgUnits, type Caller } from './access.ts';
import { policyInForce } from './look-up-policy-in-force.ts';
import { hashClaims } from './submit-application.ts';

export interface PartnerFileUpload {
  kind: PartnerFileKind;
  /** The agency that sent it, as the official names it (e.g. 市医保局). */
  origin: string;
  text: string;
}

/** A claim that ended without a grant, or a proposal not taken up: it no longer stands for the stay. */
const ENDED_WITHOUT_GRANT: readonly ApplicationStatus[] = ['INELIGIBLE', 'REJECTED', 'WITHDRAWN', 'DECLINED', 'EXPIRED'];

const newPartnerFileId = (at: string) => `PF-${referenceDay(at)}-${randomBytes(4).toString('hex').toUpperCase()}`;

/**
 * 免申即享: an official imports a partner agency's file.
 * 1. Read it whole (domain/proactive/partner-files.ts): any problem → 400 with every problem and
 *    its line; nothing is written.
 * 2. Find each line's person among the members of the official's part of the union: an ID number
 *    only as its keyed hash (the number itself is never stored); others are not ours and only counted.
 * 3. By kind, each program's rules (domain/proactive/rules.ts) say what the record proposes:
 *    - a stay → the hospital allowance as a PROPOSED mutual-claim application (unless proposed
 *      before, or claimed by hand), and its self-paid cost in the household's year, warning
 *      (防返困) on the file once the year's costs pass the policy's share of the household's income;
 *    - an admission → the autumn-aid grant of a filed household's child as a PROPOSED application;
 *    - the 低保 list → a review note on each open file of the official's units whose household
 *      appears on it or drops off it since the last list that covered it.
 * 4. Record the file (origin, kind, time, who, what each line came to) with its audit event.
 */
export async function importPartnerFile(caller: Caller, upload: PartnerFileUpload): Promise<PartnerFile> {
  const at = now().toISOString();
  const today = shanghaiDate(at);
  const parsed = parsePartnerFile(upload.kind, upload.text, today);
  if ('problems' in parsed) {
    throw new ValidationError(
      parsed.problems.map((problem) => ({ path: problem.line ? `line ${problem.line}${problem.column ? ` ${problem.column}` : ''}` : 'file', message: problem.message })),
      { zh: `${partnerFileNames[upload.kind].zh}有 ${parsed.problems.length} 处问题，未导入任何记录；请改正后重新导入`, en: `The ${partnerFileNames[upload.kind].en} file has ${parsed.problems.length} problem(s); nothing was imported. Correct them and import it again` },
    );
  }
  const tree = await loadOrgTree();
  const units = new Set(visibleOrgUnits(caller, tree));
  const actor: Actor = { sub: caller.sub, name: caller.name, role: 'official', orgUnit: caller.orgUnit };
  const id = newPartnerFileId(at);
  const sha256 = createHash('sha256').update(upload.text).digest('hex');
  const earlier = (await listPartnerFiles(upload.kind, 100)).find((file) => file.sha256 === sha256);
  const found = new Map<string, Profile | undefined>();
  const memberOf = async (ref: PersonRef) => {
    const key = JSON.stringify(ref);
    if (!found.has(key)) found.set(key, await resolvePerson(ref, units));
    return found.get(key);
  };
  const context: ImportContext = { at, today, tree, actor, fileId: id, kind: upload.kind, origin: upload.origin };
  const outcomes: PartnerLineOutcome[] = [];
  let matched = 0;
  let onList: string[] | undefined;

  const { records } = parsed;
  if (records.kind === 'dibao-list') {
    const members = new Map<string, number>();
    for (const record of records.records) {
      const profile = await memberOf(record.person);
      if (profile?.member) members.set(profile.member.number, record.line);
    }
    matched = members.size;
    onList = [...members.keys()].sort();
    // Each open file of the official's units against the last list that covered it (an earlier import of any unit's official).
    const files = (await listHouseholdFiles([...units])).filter((file) => openStates.includes(file.state));
    for (const file of files) {
      const onList = members.has(file.memberNumber);
      const change = dibaoChange(await wasOnDibaoList(file.memberNumber), onList);
      if (change) await recordDibaoState(file.memberNumber, onList, id, at);
      if (!change) continue;
      const note = dibaoReviewNote(change, today);
      // The note goes on the file as stored (the list holds none of its entries).
      const whole = await getHouseholdFile(file.id);
      if (whole) await addFileNote(whole, note, context, 'FILE_REVIEW_PROPOSED');
      outcomes.push({ line: members.get(file.memberNumber) ?? 0, outcome: 'file-review', memberNumber: file.memberNumber, fileId: file.id, message: note });
    }
  } else {
    for (const record of records.records) {
      const profile = await memberOf(record.person);
      if (!profile?.member) {
        outcomes.push({ line: record.line, outcome: 'not-a-member' });
        continue;
      }
      matched += 1;
      if (records.kind === 'hospital-stays') {
        const stay = record as HospitalStayRecord;
        outcomes.push(await proposeFor(profile, context, stay.line, (member, prior, parameters, version) => proposeHospitalAllowance({ stay, member, parameters: parameters as MutualClaimParameters, policyVersion: version, proposedAt: at, prior }), 'mutual-claim', stay));
        const warning = await medicalWarningFor(profile, stay, context);
        if (warning) outcomes.push(warning);
      } else {
        const admission = record as AdmissionRecord;
        const household = (await filesOfHousehold(profile.member.number)).find((file) => openStates.includes(file.state))?.household;
        outcomes.push(await proposeFor(profile, context, admission.line, (member, prior, parameters, version) => proposeAutumnAid({ admission, member, household, parameters: parameters as AutumnAidParameters, policyVersion: version, proposedAt: at, prior }), 'autumn-aid'));
      }
    }
  }
  return recordPartnerFile(
    {
      id,
      kind: upload.kind,
      origin: upload.origin,
      importedAt: at,
      importedBy: { sub: caller.sub, name: caller.name, orgUnit: caller.orgUnit },
      sha256,
      records: records.records.length,
      matched,
      outcomes,
      ...(onList ? { onList } : {}),
      ...(earlier ? { sameAs: earlier.id } : {}),
    },
    actor,
  );
}

interface ImportContext {
  at: string;
  today: string;
  tree: OrgTree;
  actor: Actor;
  fileId: string;
  kind: PartnerFileKind;
  origin: string;
}

/** The member a line names, if they are one of the official's part of the union. */
async function resolvePerson(ref: PersonRef, units: Set<string>): Promise<Profile | undefined> {
  let profile: Profile | undefined;
  if ('memberNumber' in ref) profile = await findMemberByNumber(ref.memberNumber);
  else {
    const hashes = 'idNumber' in ref ? (await idHashes(ref.idNumber)).all : [ref.idHash];
    const sub = await findMemberSubByIdHash(hashes);
    profile = sub ? await getProfile(sub) : undefined;
  }
  return profile?.member && units.has(profile.orgUnit) ? profile : undefined;
}

/** The member record as the rules read it: the hardship file from the open file, as check-eligibility does. */
async function memberForRules(profile: Profile): Promise<Member> {
  const member = profile.member as Member;
  const open = (await listFilesOfHousehold(member.number)).find((file) => openStates.includes(file.state));
  return { ...member, hardshipFile: open ? { tier: open.tier, filedOn: open.filedOn } : member.hardshipFile };
}

type Rule = (member: Member, prior: Awaited<ReturnType<typeof priorBenefitsOfWorker>>, parameters: unknown, policyVersion: string) => ProposalOutcome;

/**
 * One record's proposal, recorded as a PROPOSED application: under the policy in force for the
 * member's unit today, once per source (held for good, under any version of the hash key), not
 * for a stay the worker already claimed by hand, nor a child already applied for (its exclusive claim).
 */
async function proposeFor(profile: Profile, context: ImportContext, line: number, rule: Rule, programId: 'mutual-claim' | 'autumn-aid', stay?: HospitalStayRecord): Promise<PartnerLineOutcome> {
  const member = profile.member as Member;
  const program = getProgram(programId);
  const policy = await policyInForce(program, profile.orgUnit, context.today, context.tree);
  if (!policy) return { line, outcome: 'not-proposed', memberNumber: member.number, message: { zh: '该单位没有生效的政策参数', en: 'No policy is in force for the unit' } };
  const prior = await priorBenefitsOfWorker(profile.sub, member.number, shanghaiYear(context.at));
  const outcome = rule(await memberForRules(profile), prior, policy.parameters, policy.id);
  if ('notProposed' in outcome) return { line, outcome: 'not-proposed', memberNumber: member.number, message: outcome.notProposed };
  const proposal: Proposal = outcome.proposal;
  const hashes = await idHashes(proposal.sourceKey);
  for (const hash of hashes.all) {
    const applicationId = await proposalOfSource(hash);
    if (applicationId) return { line, outcome: 'already-proposed', memberNumber: member.number, applicationId };
  }
  const mine: ApplicationListing[] = [];
  let nextToken: string | undefined;
  do {
    const page = await listApplicationsOfApplicant(profile.sub, {}, 200, nextToken);
    mine.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  if (stay) {
    const byHand = mine.find((other) => other.program === 'mutual-claim' && !other.proposal && other.details.plan === 'hospital-allowance' && other.details.incident?.admittedOn === stay.admittedOn && !ENDED_WITHOUT_GRANT.includes(effectiveStatus(other)));
    if (byHand) return { line, outcome: 'claimed-by-hand', memberNumber: member.number, applicationId: byHand.id, message: { zh: '这次住院已由职工本人申请', en: 'The worker already claimed this stay' } };
  }

  const id = `APP-${referenceDay(context.at)}-${randomBytes(5).toString('hex').toUpperCase()}`;
  const expiresAt = proposalExpiresAt(context.at, proposal.confirmDays);
  const claims = program.exclusiveClaims(proposal.details, context.at, { sub: profile.sub, memberNumber: member.number });
  const held = claims.filter((claim) => claim.releasedOn !== 'close');
  const ordered = [...held, ...claims.filter((claim) => claim.releasedOn === 'close')];
  const hashed = await hashClaims(ordered.map((claim) => claim.key));
  // A bank card the worker used before in their own name: offered for the one-tap confirmation.
  const account = await accountOnRecord(profile.sub, profile.name);
  const application = {
    id,
    program: programId,
    status: 'PROPOSED' as const,
    submittedAt: context.at,
    year: shanghaiYear(context.at),
    applicant: { sub: profile.sub, name: profile.name, orgUnit: profile.orgUnit, memberNumber: member.number },
    details: proposal.details,
    documents: [],
    round: 1,
    claims: hashed.current.slice(0, held.length),
    openClaims: hashed.current.slice(held.length),
    proposal: {
      partnerFileId: context.fileId,
      partnerFileKind: context.kind,
      origin: context.origin,
      line,
      explanation: proposal.explanation,
      estimateFen: proposal.estimate.amountFen,
      zeroTouch: proposal.zeroTouch,
      expiresAt,
      sourceHash: hashes.current,
      ...(account ? { knownBankAccount: account } : {}),
    },
  };
  const told = workerMessagePuts({ application, from: 'PROPOSED', to: 'PROPOSED', action: 'PROPOSE', at: context.at, auditSeq: 1, note: proposal.explanation });
  try {
    await createApplication(application, context.actor, undefined, hashed.prior, [...proposalItems(hashes.current, id, expiresAt), ...told], true);
  } catch (error) {
    if (error instanceof ClaimTakenError) return { line, outcome: 'claimed-by-hand', memberNumber: member.number, message: claims[error.claimIndex]?.message ?? { zh: '已有申请', en: 'Already applied for' } };
    // The source marker was taken meanwhile: another import proposed it at the same moment.
    if (error instanceof DocumentTakenError) return { line, outcome: 'already-proposed', memberNumber: member.number };
    throw error;
  }
  return { line, outcome: 'proposed', memberNumber: member.number, applicationId: id, message: proposal.explanation };
}

/**
 * 防返困: a stay's self-paid cost counts towards the household's year (once per stay); a household
 * with a file (open, or closed out of hardship) whose year's costs pass the hardship-relief policy's
 * share of its income gets the warning on its file, once a year.
 */
async function medicalWarningFor(profile: Profile, stay: HospitalStayRecord, context: ImportContext): Promise<PartnerLineOutcome | undefined> {
  const member = profile.member as Member;
  const file = (await filesOfHousehold(member.number)).filter((candidate) => candidate.household).sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))[0];
  if (!file?.household) return undefined;
  const year = Number(stay.dischargedOn.slice(0, 4));
  const stayHash = (await idHashes(`stay:${member.number}:${stay.admittedOn}:${stay.dischargedOn}:${stay.hospital}`)).current;
  const total = await addMedicalCost(member.number, year, stayHash, stay.selfPaidFen, context.at);
  const policy = await policyInForce(getProgram('hardship-relief'), profile.orgUnit, context.today, context.tree);
  const share = (policy?.parameters as HardshipReliefParameters | undefined)?.returnToHardship?.medicalShareOfIncome;
  if (share === undefined) return undefined;
  const income = file.household.members.reduce((sum, person) => sum + person.annualIncomeFen, 0);
  const warning = medicalCostWarning({ selfPaidThisYearFen: total, householdIncomeFen: income, share, year });
  if (!warning || !(await raiseMedicalWarning(member.number, year, context.at))) return undefined;
  await addFileNote(file, warning, context, 'FILE_MEDICAL_WARNING');
  return { line: stay.line, outcome: 'warning', memberNumber: member.number, fileId: file.id, message: warning };
}

/** A note on the household's file from the import (an entry like an official's note, with its audit event). */
async function addFileNote(file: HouseholdFile, text: { zh: string; en: string }, context: ImportContext, action: string): Promise<void> {
  const entry = { kind: 'note' as const, on: context.today, text: `${text.zh}（${partnerFileNames[context.kind].zh} ${context.fileId}）`, at: context.at, by: { sub: context.actor.sub, name: context.actor.name } };
  await changeHouseholdFile(file, { ...file, entries: [...file.entries, entry], updatedAt: context.at }, context.actor, action, `partner file ${context.fileId}`);
}
