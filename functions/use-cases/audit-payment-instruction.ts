import { sameNumber } from '../domain/sealed.ts';
import { auditPayment, duplicateBenefits, type PaymentFacts, type RuleResult, type RuleSettings } from '../domain/finance/payment-rules.ts';
import { ledgerOfHousehold, type LedgerEntry } from '../store/ledger.ts';
import { nameIn, programNames, purposeText } from '../shared/code-names.ts';
import { grantOf } from './ledger-grant.ts';
import { getApplication, type Application } from '../store/applications.ts';
import { getApplicationRecords } from '../store/application-records.ts';
import { getBudget } from '../store/budgets.ts';
import { getRuleSettings } from '../store/payment-rules.ts';
import type { PaymentInstructionItem } from '../store/types.ts';
import { declaredHouseholds } from './declared-household.ts';

/**
 * What one batch preparation reads once for all its candidates: settings per program, the
 * households' entitlement ledgers of the year and the applications they name.
 */
export function paymentAuditContext(preparerSub: string) {
  const settings = new Map<string, Promise<RuleSettings>>();
  const applications = new Map<string, Promise<Application | undefined>>();
  const ledgers = new Map<string, Promise<LedgerEntry[]>>();
  const applicationOf = (id: string) => {
    if (!applications.has(id)) applications.set(id, getApplication(id));
    return applications.get(id) as Promise<Application | undefined>;
  };
  const settingsOf = (program: string) => {
    if (!settings.has(program)) settings.set(program, getRuleSettings(program).then((stored) => stored.settings));
    return settings.get(program) as Promise<RuleSettings>;
  };
  const ledgerOf = (memberNumber: string, year: number) => {
    const key = `${memberNumber}#${year}`;
    if (!ledgers.has(key)) ledgers.set(key, ledgerOfHousehold(memberNumber, year));
    return ledgers.get(key) as Promise<LedgerEntry[]>;
  };
  const households = new Map<string, Promise<string[]>>();
  /** The households of several people, those not read yet in one request. */
  const householdsOf = async (subs: string[]): Promise<Map<string, string[]>> => {
    const unread = [...new Set(subs)].filter((sub) => !households.has(sub));
    if (unread.length) {
      const reading = declaredHouseholds(unread);
      for (const sub of unread) households.set(sub, reading.then((found) => found.get(sub) ?? []));
    }
    return new Map(await Promise.all(subs.map(async (sub) => [sub, await (households.get(sub) as Promise<string[]>)] as const)));
  };
  const accepted: PaymentInstructionItem[] = [];

  return {
    /**
     * The six rule classes on one candidate (payment-rules.ts says what each reads):
     * 1. read its application, approvals of the current round and the budget it reserved on, and
     *    the households the payee and each approver last declared;
     * 2. read the household's entitlement ledger of the year (every program and unit) for grants
     *    that duplicate it (a one-off purpose; of the same program only with a claim key in
     *    common), and instructions already accepted into this batch to the same payee, account and amount;
     * 3. grade the results by the program's settings.
     */
    async audit(instruction: PaymentInstructionItem, year: number): Promise<RuleResult[]> {
      // The candidate's application with its approvals in one read; the others' applications alone, each once.
      const records = await getApplicationRecords(instruction.applicationId);
      const application = records?.application;
      if (application) applications.set(application.id, Promise.resolve(application));
      const approvals = records && application ? records.approvals.filter((approval) => approval.round === application.round && approval.status === 'APPROVED' && approval.decidedBy) : [];
      const reservation = application?.reservation;
      const budget = reservation ? await getBudget(reservation.program, reservation.year, reservation.orgUnit) : undefined;
      const claims = new Set([...(application?.claims ?? [])]);
      const ledger = application ? (await ledgerOf(application.applicant.memberNumber, year)).filter((entry) => entry.applicationId !== application.id) : [];
      const others = application
        ? duplicateBenefits(
            grantOf(application),
            await Promise.all(
              ledger.map(async (entry) => ({
                applicationId: entry.applicationId,
                program: entry.program,
                purposes: entry.purposes,
                sharesClaim: entry.program === application.program && ((await applicationOf(entry.applicationId))?.claims ?? []).some((claim) => claims.has(claim)),
              })),
            ),
            { program: (program) => nameIn(programNames, program), purpose: (purpose) => nameIn(purposeText, purpose) },
          )
        : [];
      const people = await householdsOf([...(application ? [application.applicant.sub] : []), ...approvals.map((approval) => approval.decidedBy?.sub ?? '')]);
      const facts: PaymentFacts = {
        program: instruction.program,
        amountFen: instruction.amountFen,
        decision: application?.decision ? { eligible: application.decision.eligible, amountFen: application.decision.amountFen, ...(application.decision.policyVersion ? { policyVersion: application.decision.policyVersion } : {}) } : undefined,
        reservation: reservation ? { amountFen: reservation.amountFen } : undefined,
        budgetReservedFen: budget?.reservedFen,
        attachmentKinds: [...new Set((application?.documents ?? []).map((document) => document.kind))],
        acceptedKinds: Object.entries(application?.documentReview ?? {}).filter(([, review]) => review.verdict === 'accepted').map(([kind]) => kind),
        duplicateBenefits: others,
        sameInBatch: accepted.filter((a) => a.payeeName === instruction.payeeName && sameNumber(a.accountNumber, instruction.accountNumber) && a.amountFen === instruction.amountFen).map((a) => a.instructionId),
        applicant: { sub: application?.applicant.sub ?? '', name: application?.applicant.name ?? '' },
        approvalLevels: application?.approvalLevels ?? [],
        approvals: await Promise.all(approvals.map(async (approval) => ({ level: approval.level, sub: approval.decidedBy?.sub ?? '', name: approval.decidedBy?.name ?? '', decidedAt: approval.decidedAt ?? '', household: people.get(approval.decidedBy?.sub ?? '') ?? [] }))),
        payeeHousehold: application ? (people.get(application.applicant.sub) ?? []) : [],
        preparerSub,
        account: { holder: instruction.payeeName, number: instruction.accountNumber, bank: instruction.bank, ...(application?.bankAccountUpdatedAt ? { changedAt: application.bankAccountUpdatedAt } : {}) },
      };
      return auditPayment(facts, await settingsOf(instruction.program));
    },
    /** Counts an instruction taken into the batch, for the in-batch duplicate check of the next ones. */
    accept(instruction: PaymentInstructionItem) {
      accepted.push(instruction);
    },
  };
}
