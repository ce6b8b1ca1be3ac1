/**
 * Every key of the application table, defined once. Nothing outside functions/store builds a key.
 * Sparse index entries (gsi1/gsi2) exist only while the item should appear in that listing; an
 * item with one carries its `listing` (store/listing.ts), which is all the indexes copy of it.
 */
export const keys = {
  orgUnit: (id: string) => ({ pk: `ORG#${id}`, sk: 'ORG' }),
  orgUnitList: (id: string) => ({ gsi1pk: 'ORGS', gsi1sk: id }),
  profile: (sub: string) => ({ pk: `USER#${sub}`, sk: 'PROFILE' }),
  /** Officials by unit and level, so a colleague can be chosen by name (delegation). */
  staffList: (orgUnit: string, level: number, sub: string) => ({ gsi1pk: `STAFF#${orgUnit}#${level}`, gsi1sk: sub }),
  /** Union members by unit, so an official can file an assisted application for one by name. */
  memberList: (orgUnit: string, sub: string) => ({ gsi2pk: `MEMBERS#${orgUnit}`, gsi2sk: sub }),
  policyPartition: (program: string) => `POLICY#${program}`,
  policy: (program: string, orgUnit: string, effectiveFrom: string, version: number) => ({
    pk: `POLICY#${program}`,
    sk: `${orgUnit}#${effectiveFrom}#${String(version).padStart(6, '0')}`,
  }),
  policySortPrefix: (orgUnit: string) => `${orgUnit}#`,
  policyCounter: (program: string, orgUnit: string) => ({ pk: `POLICY#${program}`, sk: `COUNTER#${orgUnit}` }),
  application: (id: string) => ({ pk: `APP#${id}`, sk: 'APP' }),
  applicationPartition: (id: string) => `APP#${id}`,
  /** One entry of the application's history, an item of its own beside the application (sorted by its audit seq). */
  historyEntry: (applicationId: string, seq: number) => ({ pk: `APP#${applicationId}`, sk: `HISTORY#${String(seq).padStart(8, '0')}` }),
  historyPrefix: 'HISTORY#',
  applicantIndex: (sub: string, submittedAt: string, id: string) => ({ gsi1pk: `APPLICANT#${sub}`, gsi1sk: `${submittedAt}#${id}` }),
  applicantPartition: (sub: string) => `APPLICANT#${sub}`,
  orgUnitIndex: (orgUnit: string, submittedAt: string, id: string) => ({ gsi2pk: `ORGAPPS#${orgUnit}`, gsi2sk: `${submittedAt}#${id}` }),
  orgUnitPartition: (orgUnit: string) => `ORGAPPS#${orgUnit}`,
  approval: (applicationId: string, round: number, level: number) => ({
    pk: `APP#${applicationId}`,
    sk: `APPROVAL#${String(round).padStart(3, '0')}#${level}`,
  }),
  approvalPrefix: 'APPROVAL#',
  approvalQueue: (orgUnit: string, level: number, requestedAt: string, applicationId: string) => ({
    gsi1pk: `QUEUE#${orgUnit}#${level}`,
    gsi1sk: `${requestedAt}#${applicationId}`,
  }),
  approvalQueuePartition: (orgUnit: string, level: number) => `QUEUE#${orgUnit}#${level}`,
  /** Audit chains: one per application, budget or program policy (the subject). */
  auditEvent: (subject: string, seq: number) => ({ pk: `AUDIT#${subject}`, sk: String(seq).padStart(8, '0') }),
  auditPartition: (subject: string) => `AUDIT#${subject}`,
  auditPartitionPrefix: 'AUDIT#',
  paymentInstruction: (applicationId: string, attempt: number) => ({ pk: `APP#${applicationId}`, sk: `PAYMENT#${String(attempt).padStart(3, '0')}` }),
  paymentPrefix: 'PAYMENT#',
  objection: (applicationId: string, at: string, sub: string) => ({ pk: `APP#${applicationId}`, sk: `OBJECTION#${at}#${sub}` }),
  objectionPrefix: 'OBJECTION#',
  exclusiveClaim: (hashedKey: string) => ({ pk: `CLAIM#${hashedKey}`, sk: 'CLAIM' }),
  idempotency: (sub: string, key: string) => ({ pk: `IDEMPOTENCY#${sub}#${key}`, sk: 'IDEMPOTENCY' }),
  budget: (program: string, year: number, orgUnit: string) => ({ pk: `BUDGET#${year}`, sk: `${program}#${orgUnit}` }),
  budgetPartition: (year: number) => `BUDGET#${year}`,
  parked: (program: string, year: number, parkedAt: string, applicationId: string) => ({ pk: `PARKED#${program}#${year}`, sk: `${parkedAt}#${applicationId}` }),
  parkedPartition: (program: string, year: number) => `PARKED#${program}#${year}`,
  notification: (orgUnit: string, level: number, at: string, applicationId: string) => ({ pk: `NOTIFY#${orgUnit}#${level}`, sk: `${at}#${applicationId}` }),
  notificationPartition: (orgUnit: string, level: number) => `NOTIFY#${orgUnit}#${level}`,
  /** A worker's messages (消息), newest last in sort order; the id begins with the time. */
  workerMessage: (sub: string, id: string) => ({ pk: `INBOX#${sub}`, sk: id }),
  workerMessagePartition: (sub: string) => `INBOX#${sub}`,
  /** A message whose SMS copy the sender has not sent yet (sparse: removed once sent). */
  pendingText: (at: string, sub: string, id: string) => ({ gsi2pk: 'TEXTS#PENDING', gsi2sk: `${at}#${sub}#${id}` }),
  pendingTextPartition: 'TEXTS#PENDING',
  /** Until when an official has seen their unit's notifications (the rest are unread). */
  notificationsSeen: (sub: string) => ({ pk: `USER#${sub}`, sk: 'NOTIFICATIONS-SEEN' }),
  /** The last day of any period in which an official may stand in for a colleague (store/delegations.ts). */
  standInUntil: (sub: string) => ({ pk: `USER#${sub}`, sk: 'STANDS-IN-UNTIL' }),
  delegation: (toSub: string, fromSub: string, from: string) => ({ pk: `DELEGATION#${toSub}`, sk: `${from}#${fromSub}` }),
  delegationsTo: (toSub: string) => `DELEGATION#${toSub}`,
  delegationsByIndex: (fromSub: string, from: string, toSub: string) => ({ gsi1pk: `DELEGATED#${fromSub}`, gsi1sk: `${from}#${toSub}` }),
  delegationsFrom: (fromSub: string) => `DELEGATED#${fromSub}`,
  unbatchedIndex: (program: string, createdAt: string, instructionId: string) => ({ gsi2pk: 'UNBATCHED', gsi2sk: `${program}#${createdAt}#${instructionId}` }),
  unbatchedPartition: 'UNBATCHED',
  settledIndex: (outcome: 'PAID' | 'FAILED', year: number, at: string, instructionId: string) => ({ gsi1pk: `${outcome}#${year}`, gsi1sk: `${at}#${instructionId}` }),
  settledPartition: (outcome: 'PAID' | 'FAILED', year: number) => `${outcome}#${year}`,
  /** In a batch, waiting for the bank's result: replaced by the settled index when it comes. */
  batchedIndex: (year: number, batchId: string, instructionId: string) => ({ gsi1pk: `BATCHED#${year}`, gsi1sk: `${batchId}#${instructionId}` }),
  batchedPartition: (year: number) => `BATCHED#${year}`,
  batch: (batchId: string) => ({ pk: `BATCH#${batchId}`, sk: 'BATCH' }),
  batchPartition: (batchId: string) => `BATCH#${batchId}`,
  batchItem: (batchId: string, instructionId: string) => ({ pk: `BATCH#${batchId}`, sk: `ITEM#${instructionId}` }),
  batchItemPrefix: 'ITEM#',
  reconciliation: (batchId: string) => ({ pk: `BATCH#${batchId}`, sk: 'RECON' }),
  reconciliationLine: (batchId: string, seq: number) => ({ pk: `BATCH#${batchId}`, sk: `RECONLINE#${String(seq).padStart(8, '0')}` }),
  reconciliationLinePrefix: 'RECONLINE#',
  paymentConflict: (batchId: string, instructionId: string) => ({ pk: `BATCH#${batchId}`, sk: `CONFLICT#${instructionId}` }),
  paymentConflictPrefix: 'CONFLICT#',
  paymentRules: (program: string) => ({ pk: `PAYMENTRULES#${program}`, sk: 'RULES' }),
  heldIndex: (heldAt: string, instructionId: string) => ({ gsi1pk: 'HELD', gsi1sk: `${heldAt}#${instructionId}` }),
  heldPartition: 'HELD',
  batchList: (createdAt: string, batchId: string) => ({ gsi1pk: 'BATCHES', gsi1sk: `${createdAt}#${batchId}` }),
  recovery: (applicationId: string, seq: number) => ({ pk: `APP#${applicationId}`, sk: `RECOVERY#${String(seq).padStart(3, '0')}` }),
  recoveryPrefix: 'RECOVERY#',
  recoveriesByStatus: (status: string, openedAt: string, applicationId: string) => ({ gsi1pk: `RECOVERIES#${status}`, gsi1sk: `${openedAt}#${applicationId}` }),
  recoveriesPartition: (status: string) => `RECOVERIES#${status}`,
  /** 困难职工档案: the file, listed by unit and by household (the head's member number). */
  householdFile: (id: string) => ({ pk: `HOUSEHOLD#${id}`, sk: 'FILE' }),
  householdFileList: (orgUnit: string, openedAt: string, id: string) => ({ gsi1pk: `HOUSEHOLDS#${orgUnit}`, gsi1sk: `${openedAt}#${id}` }),
  householdFileListPartition: (orgUnit: string) => `HOUSEHOLDS#${orgUnit}`,
  householdFilesOf: (memberNumber: string, openedAt: string, id: string) => ({ gsi2pk: `HOUSEHOLDOF#${memberNumber}`, gsi2sk: `${openedAt}#${id}` }),
  householdFilesOfPartition: (memberNumber: string) => `HOUSEHOLDOF#${memberNumber}`,
  /** Held while a household has an open file, in whichever unit: a second one cannot be opened. */
  openHouseholdFile: (memberNumber: string) => ({ pk: `HOUSEHOLDOPEN#${memberNumber}`, sk: 'OPEN' }),
  /**
   * Points from a member number to the member's profile (officials open files by it). An item, not
   * an index entry: the profile's gsi2 already lists it among its unit's members.
   */
  memberNumber: (memberNumber: string) => ({ pk: `MEMBERNO#${memberNumber}`, sk: 'MEMBER' }),
  /** 年度复核: a file's review task of a year, listed by the unit that reviews it and by the unit that spot-checks it. */
  fileReview: (fileId: string, year: number) => ({ pk: `HOUSEHOLD#${fileId}`, sk: `REVIEW#${year}` }),
  fileReviewPrefix: 'REVIEW#',
  fileReviewList: (orgUnit: string, year: number, fileId: string) => ({ gsi1pk: `REVIEWS#${year}#${orgUnit}`, gsi1sk: fileId }),
  fileReviewListPartition: (orgUnit: string, year: number) => `REVIEWS#${year}#${orgUnit}`,
  spotCheckList: (orgUnit: string, year: number, fileId: string) => ({ gsi2pk: `SPOTCHECKS#${year}#${orgUnit}`, gsi2sk: fileId }),
  spotCheckListPartition: (orgUnit: string, year: number) => `SPOTCHECKS#${year}#${orgUnit}`,
  /** The entitlement ledger: one entry per grant, by household (the head's member number), year and application. */
  ledgerEntry: (memberNumber: string, year: number, applicationId: string) => ({ pk: `LEDGER#${memberNumber}`, sk: `${year}#${applicationId}` }),
  ledgerPartition: (memberNumber: string) => `LEDGER#${memberNumber}`,
  ledgerYearPrefix: (year: number) => `${year}#`,
  /** An uploaded document, from its upload until it is removed (attached to an application once sent). */
  document: (id: string) => ({ pk: `DOC#${id}`, sk: 'DOC' }),
  /** Documents by who uploaded them for whom, not yet attached: the worker's draft, an official's assisted filing. */
  draftDocumentIndex: (ownerSub: string, createdAt: string, id: string) => ({ gsi1pk: `DRAFTDOCS#${ownerSub}`, gsi1sk: `${createdAt}#${id}` }),
  /** 二上二下: one round per year, program and org unit; in-year adjustments are items of their own. */
  budgetRound: (year: number, program: string, orgUnit: string) => ({ pk: `ROUND#${year}`, sk: `${program}#${orgUnit}` }),
  budgetRoundPartition: (year: number) => `ROUND#${year}`,
  budgetAdjustment: (id: string) => ({ pk: `ADJUST#${id}`, sk: 'ADJUST' }),
  adjustmentList: (year: number, requestedAt: string, id: string) => ({ gsi1pk: `ADJUSTMENTS#${year}`, gsi1sk: `${requestedAt}#${id}` }),
  adjustmentListPartition: (year: number) => `ADJUSTMENTS#${year}`,
  /** Call-back verification (回访核查): one sample per draw, one item per application sampled. */
  callBackSample: (sampleId: string) => ({ pk: `CALLBACK#${sampleId}`, sk: 'SAMPLE' }),
  callBackSampleList: (year: number, drawnAt: string, sampleId: string) => ({ gsi1pk: `CALLBACKS#${year}`, gsi1sk: `${drawnAt}#${sampleId}` }),
  callBackSampleListPartition: (year: number) => `CALLBACKS#${year}`,
  callBackItem: (sampleId: string, applicationId: string) => ({ pk: `CALLBACK#${sampleId}`, sk: `ITEM#${applicationId}` }),
  callBackPartition: (sampleId: string) => `CALLBACK#${sampleId}`,
  callBackItemPrefix: 'ITEM#',
  /** A case opened on an application (a payment the worker says never came). */
  applicationCase: (applicationId: string, seq: number) => ({ pk: `APP#${applicationId}`, sk: `CASE#${String(seq).padStart(3, '0')}` }),
  applicationCasePrefix: 'CASE#',
  openCases: (openedAt: string, applicationId: string) => ({ gsi1pk: 'CASES#OPEN', gsi1sk: `${openedAt}#${applicationId}` }),
  openCasesPartition: 'CASES#OPEN',
  /** 送温暖: a campaign's target list as one unit submitted it (one per campaign and unit). */
  campaignList: (campaignId: string, orgUnit: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: `LIST#${orgUnit}` }),
  campaignPartition: (campaignId: string) => `CAMPAIGN#${campaignId}`,
  campaignListPrefix: 'LIST#',
  seedMarker: () => ({ pk: 'SEED', sk: 'SEED' }),
  /** Every listed item has its listing (store/listing-backfill.ts ran to the end on this table). */
  listingsMarker: () => ({ pk: 'LISTINGS', sk: 'LISTINGS' }),
  /** An application whose workflow has not begun yet: the sweep starts one that stays here too long. */
  unstarted: (submittedAt: string, applicationId: string) => ({ pk: 'UNSTARTED', sk: `${submittedAt}#${applicationId}` }),
  unstartedPartition: 'UNSTARTED',
  /** 免申即享: a partner agency's file as imported, listed by kind, newest last. */
  partnerFile: (id: string) => ({ pk: `PARTNERFILE#${id}`, sk: 'FILE' }),
  partnerFileList: (kind: string, importedAt: string, id: string) => ({ gsi1pk: `PARTNERFILES#${kind}`, gsi1sk: `${importedAt}#${id}` }),
  partnerFileListPartition: (kind: string) => `PARTNERFILES#${kind}`,
  /** A partner record proposed once (hashed key): re-importing it, or it in another file, proposes nothing again. */
  proposalSource: (hashedKey: string) => ({ pk: `PROPOSAL#${hashedKey}`, sk: 'PROPOSAL' }),
  /** A proposal waiting for its worker, by when it expires (the sweep expires those past it). */
  proposalExpiry: (expiresAt: string, applicationId: string) => ({ pk: 'PROPOSALS', sk: `${expiresAt}#${applicationId}` }),
  proposalExpiryPartition: 'PROPOSALS',
  /** Points from the keyed hash of a member's ID number to their profile (partner files name people by ID number). */
  memberIdHash: (hash: string) => ({ pk: `MEMBERID#${hash}`, sk: 'MEMBER' }),
  /** A year's self-paid medical costs of a household from partner stays, one item per stay (hashed key), for the 防返困 warning. */
  medicalCost: (memberNumber: string, year: number, stayHash: string) => ({ pk: `MEDICAL#${memberNumber}`, sk: `${year}#${stayHash}` }),
  medicalCostPartition: (memberNumber: string) => `MEDICAL#${memberNumber}`,
  /** Whether a household was on the last 低保 list that covered it (each import updates the households of its units). */
  dibaoState: (memberNumber: string) => ({ pk: `MEDICAL#${memberNumber}`, sk: 'DIBAO' }),
  /** The 防返困 warning of a household and year, raised once. */
  medicalWarning: (memberNumber: string, year: number) => ({ pk: `MEDICAL#${memberNumber}`, sk: `WARNED#${year}` }),
} as const;

/** The table's own attributes: keys, index keys and the listing the indexes copy (store/listing.ts). */
const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'listing']);

/** A stored item as the domain sees it: without the table's key and index attributes, nor its listing. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !KEY_ATTRIBUTES.has(name))) as T;
}
