import * as z from 'zod';
import { closeFileBody, fileEntryBody, openFileBody, retierFileBody, reviewFileBody, watchLists, watchListsOf, type HouseholdFile, type TierDecision } from '../domain/households/file.ts';
import { listAuditEvents } from '../store/audit.ts';
import { ledgerOfHousehold, totalsByPurpose, type LedgerEntry } from '../store/ledger.ts';
import { getProfile, getProfiles, loadOrgTree, type OrgTree } from '../store/directory.ts';
import { fileAuditSubject, getHouseholdFile, listFilesOfHousehold, listHouseholdFiles, type HouseholdFileListing } from '../store/household-files.ts';
import { getFileReview, listFileReviews } from '../store/file-reviews.ts';
import { reviewOutcome, type FileReview } from '../domain/households/review.ts';
import { reviewHouseholdFile } from '../use-cases/review-household-file.ts';
import { parseVersionId } from '../store/policies.ts';
import { nowIso } from '../shared/clock.ts';
import {
  causeText, closeReasonText, conditionText, fileEntryKindText, fileStateText, ledgerStateText, nameIn, policyVersionName, programNames, purposeText, relationText, reviewOutcomeText, reviewStateText, roleNames, tierSourceText, tierText, watchListText,
} from '../shared/code-names.ts';
import { shanghaiDate, shanghaiYear } from '../shared/dates.ts';
import { say, type Lang } from '../shared/i18n.ts';
import { apiHandler, reply } from '../shared/http.ts';
import type { Caller } from '../use-cases/access.ts';
import { closeHouseholdFile } from '../use-cases/close-household-file.ts';
import { fileOrNotFound } from '../use-cases/household-file-access.ts';
import { openHouseholdFileByOfficial } from '../use-cases/open-household-file.ts';
import { recordHouseholdVisit } from '../use-cases/record-household-visit.ts';
import { retierHouseholdFile } from '../use-cases/retier-household-file.ts';
import { householdFilesQuery, householdReviewsQuery } from './household-files-schemas.ts';

const names = (table: Record<string, [string, string]>, code: string, lang: Lang) => say(nameIn(table, code), lang);

function decisionView(decision: TierDecision, lang: Lang) {
  const version = decision.policyVersion ? parseVersionId(decision.policyVersion) : undefined;
  return {
    tier: decision.tier,
    tierName: names(tierText, decision.tier, lang),
    decidedAt: decision.decidedAt,
    decidedBy: decision.source === 'official' ? decision.decidedBy.name : names(roleNames, 'system', lang),
    source: decision.source,
    sourceName: names(tierSourceText, decision.source, lang),
    ...(decision.applicationId ? { applicationId: decision.applicationId } : {}),
    ...(version ? { policyName: say(policyVersionName(version.effectiveFrom, version.version), lang) } : {}),
    checks: decision.checks.map((check) => ({ code: check.code, passed: check.passed, message: say(check.message, lang) })),
    ...(decision.reason ? { reason: decision.reason } : {}),
  };
}

/** What the household received, any program, unit and year, from the entitlement ledger: each grant, the totals, this year's by purpose. */
function assistanceView(entries: LedgerEntry[], lang: Lang) {
  const year = shanghaiYear(nowIso());
  const items = entries.map((entry) => ({
    applicationId: entry.applicationId,
    program: entry.program,
    programName: names(programNames, entry.program, lang),
    year: entry.year,
    amountFen: entry.amountFen,
    state: entry.state,
    statusName: names(ledgerStateText, entry.state, lang),
    purposeNames: Object.keys(entry.purposes).map((purpose) => names(purposeText, purpose, lang)),
    at: entry.reservedAt ?? entry.paidAt ?? '',
  })).sort((a, b) => (a.at < b.at ? 1 : -1));
  const thisYear = entries.filter((entry) => entry.year === year);
  return {
    items,
    totalFen: items.reduce((sum, item) => sum + item.amountFen, 0),
    thisYearFen: thisYear.reduce((sum, entry) => sum + entry.amountFen, 0),
    thisYearByPurpose: Object.entries(totalsByPurpose(thisYear)).map(([purpose, amountFen]) => ({ purpose, purposeName: names(purposeText, purpose, lang), amountFen })),
  };
}

function summaryView(file: HouseholdFileListing, tree: OrgTree, lang: Lang) {
  const unit = tree.get(file.orgUnit);
  return {
    id: file.id,
    state: file.state,
    stateName: names(fileStateText, file.state, lang),
    tier: file.tier,
    tierName: names(tierText, file.tier, lang),
    head: { name: file.head.name, memberNumber: file.head.memberNumber },
    orgUnit: { id: file.orgUnit, name: unit ? say(unit.name, lang) : file.orgUnit },
    filedOn: file.filedOn,
    updatedAt: file.updatedAt,
    ...(file.closedAt ? { closedAt: file.closedAt } : {}),
    ...(file.closeReason ? { closeReason: file.closeReason, closeReasonName: names(closeReasonText, file.closeReason, lang) } : {}),
  };
}

/** The file as the household sees it (Hunan's practice): members, tier and why, what it received; no officials' notes. */
function householdView(file: HouseholdFile, ledger: LedgerEntry[], tree: OrgTree, lang: Lang) {
  return {
    ...summaryView(file, tree, lang),
    tierDecision: decisionView(file.tierDecision, lang),
    members: (file.household?.members ?? []).map((member) => ({
      relationName: names(relationText, member.relation, lang),
      name: member.name,
      age: member.age,
      annualIncomeFen: member.annualIncomeFen,
      conditionName: names(conditionText, member.condition, lang),
    })),
    causes: file.causes ? [file.causes.main, ...file.causes.secondary].map((cause) => names(causeText, cause, lang)) : [],
    assistance: assistanceView(ledger, lang),
  };
}

function reviewView(review: FileReview, tree: OrgTree, lang: Lang) {
  const unitName = (id: string) => {
    const unit = tree.get(id);
    return unit ? say(unit.name, lang) : id;
  };
  return {
    fileId: review.fileId,
    year: review.year,
    head: review.head,
    orgUnit: { id: review.orgUnit, name: unitName(review.orgUnit) },
    state: review.state,
    stateName: names(reviewStateText, review.state, lang),
    dueOn: review.dueOn,
    ...(review.spotCheckBy ? { spotCheckBy: unitName(review.spotCheckBy) } : {}),
    ...(review.escalatedTo ? { escalatedTo: unitName(review.escalatedTo), flaggedAt: review.flaggedAt } : {}),
    ...(review.outcome
      ? {
          outcome: review.outcome,
          outcomeName: names(reviewOutcomeText, review.outcome, lang),
          outcomeSentence: say(reviewOutcome(review.tierBefore!, review.tierAfter).message, lang),
          reviewedAt: review.reviewedAt,
          reviewedBy: review.reviewedBy?.name,
          checks: (review.checks ?? []).map((check) => ({ code: check.code, passed: check.passed, message: say(check.message, lang) })),
        }
      : {}),
  };
}

async function officialView(file: HouseholdFile, tree: OrgTree, lang: Lang) {
  const [ledger, events, review] = await Promise.all([ledgerOfHousehold(file.memberNumber), listAuditEvents(fileAuditSubject(file.id)), getFileReview(file.id, shanghaiYear(nowIso()))]);
  const people = await getProfiles(events.filter((event) => event.actor.role !== 'system').map((event) => event.actor.sub));
  return {
    ...householdView(file, ledger, tree, lang),
    /** The facts as recorded, for a re-tiering to start from. */
    household: file.household ?? null,
    tierHistory: file.tierHistory.map((decision) => decisionView(decision, lang)),
    review: review ? reviewView(review, tree, lang) : null,
    ...(file.closeNote ? { closeNote: file.closeNote } : {}),
    entries: file.entries.map((entry) => ({ kind: entry.kind, kindName: names(fileEntryKindText, entry.kind, lang), on: entry.on, text: entry.text, at: entry.at, by: entry.by.name })),
    audit: events.map((event) => ({
      seq: event.seq,
      at: event.at,
      action: event.action,
      actor: { name: event.actor.role === 'system' ? names(roleNames, 'system', lang) : (people.get(event.actor.sub)?.name ?? event.actor.sub), roleName: names(roleNames, event.actor.role, lang) },
      ...(event.reason ? { reason: event.reason } : {}),
    })),
  };
}

/** The files kept in the official's part of the tree (or one unit of it), newest first. */
export const listHouseholdFilesRoute = apiHandler({ roles: ['official', 'admin'], query: householdFilesQuery }).handler(async ({ auth, query, lang }) => {
  const caller = auth as Caller;
  const tree = await loadOrgTree();
  const units = unitsOf(caller, tree);
  const wanted = query.orgUnit ? units.filter((unit) => tree.contains(query.orgUnit!, unit)) : units;
  const files = (await listHouseholdFiles(wanted)).filter((file) => !query.state || file.state === query.state);
  return reply(200, { items: files.map((file) => summaryView(file, tree, lang)) });
});

/** The official's part of the tree (an admin's: all of it). */
function unitsOf(caller: Caller, tree: OrgTree): string[] {
  const root = caller.groups.includes('admin') ? tree.all().find((unit) => unit.parent === null)?.id : caller.orgUnit;
  return root ? tree.subtree(root) : [];
}

/** The watch-lists of the official's part of the tree: files unchanged for a year, filed households not helped this year, households out of hardship in the last two years. */
export const householdWatchListsRoute = apiHandler({ roles: ['official', 'admin'] }).handler(async ({ auth, lang }) => {
  const tree = await loadOrgTree();
  const at = nowIso();
  const today = shanghaiDate(at);
  const year = shanghaiYear(at);
  const files = await listHouseholdFiles(unitsOf(auth as Caller, tree));
  const onLists = await Promise.all(
    files.map(async (file) => {
      const helped = (await ledgerOfHousehold(file.memberNumber, year)).length > 0;
      return { file, lists: watchListsOf(file, helped, today) };
    }),
  );
  return reply(200, {
    lists: watchLists.map((list) => ({
      list,
      name: names(watchListText, list, lang),
      items: onLists.filter((entry) => entry.lists.includes(list)).map((entry) => summaryView(entry.file, tree, lang)),
    })),
  });
});

const fileParams = z.object({ id: z.string().min(1).max(80) });

export const getHouseholdFileRoute = apiHandler({ roles: ['official', 'finance', 'admin'], params: fileParams }).handler(async ({ auth, params, lang }) => {
  const tree = await loadOrgTree();
  const file = await fileOrNotFound(params.id, auth as Caller, tree);
  return reply(200, await officialView(file, tree, lang));
});

export const openHouseholdFileRoute = apiHandler({ roles: ['official'], body: openFileBody }).handler(async ({ auth, body, lang }) => {
  const file = await openHouseholdFileByOfficial(auth as Caller, body);
  return reply(201, await officialView(file, await loadOrgTree(), lang));
});

export const retierHouseholdFileRoute = apiHandler({ roles: ['official'], params: fileParams, body: retierFileBody }).handler(async ({ auth, params, body, lang }) => {
  const file = await retierHouseholdFile(auth as Caller, params.id, body);
  return reply(200, await officialView(file, await loadOrgTree(), lang));
});

export const closeHouseholdFileRoute = apiHandler({ roles: ['official'], params: fileParams, body: closeFileBody }).handler(async ({ auth, params, body, lang }) => {
  const file = await closeHouseholdFile(auth as Caller, params.id, body);
  return reply(200, await officialView(file, await loadOrgTree(), lang));
});

export const recordHouseholdVisitRoute = apiHandler({ roles: ['official'], params: fileParams, body: fileEntryBody }).handler(async ({ auth, params, body, lang }) => {
  const file = await recordHouseholdVisit(auth as Caller, params.id, body);
  return reply(201, await officialView(file, await loadOrgTree(), lang));
});

export const reviewHouseholdFileRoute = apiHandler({ roles: ['official'], params: fileParams, body: reviewFileBody }).handler(async ({ auth, params, body, lang }) => {
  const file = await reviewHouseholdFile(auth as Caller, params.id, body);
  return reply(200, await officialView(file, await loadOrgTree(), lang));
});

/** 年度复核 of a year in the official's part of the tree: the tasks of its units (overdue ones flagged) and the files its unit drew for a spot check. */
export const listHouseholdReviewsRoute = apiHandler({ roles: ['official', 'admin'], query: householdReviewsQuery }).handler(async ({ auth, query, lang }) => {
  const caller = auth as Caller;
  const tree = await loadOrgTree();
  const year = query.year ?? shanghaiYear(nowIso());
  const { reviews } = await listFileReviews(unitsOf(caller, tree), year);
  const { spotChecks } = await listFileReviews([caller.orgUnit], year);
  const order = (a: FileReview, b: FileReview) => (a.state === b.state ? (a.dueOn < b.dueOn ? -1 : 1) : a.state === 'OVERDUE' ? -1 : b.state === 'OVERDUE' ? 1 : a.state === 'PENDING' ? -1 : 1);
  return reply(200, {
    year,
    items: reviews.sort(order).map((review) => reviewView(review, tree, lang)),
    spotChecks: spotChecks.sort(order).map((review) => reviewView(review, tree, lang)),
  });
});

/** The worker's own household file: the open one, else the latest; null when there never was one. */
export const getMyHouseholdFile = apiHandler({ roles: ['worker'] }).handler(async ({ auth, lang }) => {
  const profile = await getProfile(auth.sub);
  if (!profile?.member) return reply(200, { file: null });
  const files = await listFilesOfHousehold(profile.member.number);
  const listed = files.find((candidate) => candidate.state === 'OPEN' || candidate.state === 'TEMPORARY') ?? files[0];
  const file = listed && (await getHouseholdFile(listed.id));
  if (!file) return reply(200, { file: null });
  const [tree, ledger] = await Promise.all([loadOrgTree(), ledgerOfHousehold(file.memberNumber)]);
  return reply(200, { file: householdView(file, ledger, tree, lang) });
});
