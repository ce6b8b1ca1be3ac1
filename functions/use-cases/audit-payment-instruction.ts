import { sameNumber } from '../domain/sealed.ts';
import { auditPayment, type PaymentFacts, type RuleResult, type RuleSettings } from '../domain/finance/payment-rules.ts';
import { getApplication, type Application } from '../store/applications.ts';
import { getApplicationRecords } from '../store/application-records.ts';
import { getBudget } from '../store/budgets.ts';
import { listInstructionsOfYear } from '../store/payments.ts';
import { getRuleSettings } from '../store/payment-rules.ts';
import type { PaymentInstructionItem } from '../store/types.ts';
import { declaredHouseholds } from './declared-household.ts';

/**
 * What one batch preparation reads once for all its candidates: settings per program, the year's
 * instructions and their applications. `unbatched`: every instruction waiting for a batch, as the
 * preparation has just read them.
 */
export function paymentAuditContext(preparerSub: string, unbatched: PaymentInstructionItem[]) {
  const settings = new Map<string, Promise<RuleSettings>>();
  const applications = new Map<string, Promise<Application | undefined>>();
  const yearInstructions = new Map<number, Promise<PaymentInstructionItem[]>>();
  const applicationOf = (id: string) => {
    if (!applications.has(id)) applications.set(id, getApplication(id));
    return applications.get(id) as Promise<Application | undefined>;
  };
  const settingsOf = (program: string) => {
    if (!settings.has(program)) settings.set(program, getRuleSettings(program).then((stored) => stored.settings));
    return settings.get(program) as Promise<RuleSettings>;
  };
  const instructionsOf = (year: number) => {
    if (!yearInstructions.has(year)) yearInstructions.set(year, listInstructionsOfYear(year, unbatched));
    return yearInstructions.get(year) as Promise<PaymentInstructionItem[]>;
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
     * 2. find other live instructions of the year whose applications share an ID hash (exclusive
     *    claim key) with it, and instructions already accepted into this batch to the same payee,
     *    account and amount;
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
      const others: string[] = [];
      if (claims.size) {
        for (const other of await instructionsOf(year)) {
          if (other.applicationId === instruction.applicationId || other.program !== instruction.program || other.status === 'FAILED' || other.status === 'HELD') continue;
          const otherClaims = (await applicationOf(other.applicationId))?.claims ?? [];
          if (otherClaims.some((claim) => claims.has(claim))) others.push(other.instructionId);
        }
      }
      const people = await householdsOf([...(application ? [application.applicant.sub] : []), ...approvals.map((approval) => approval.decidedBy?.sub ?? '')]);
      const facts: PaymentFacts = {
        program: instruction.program,
        amountFen: instruction.amountFen,
        decision: application?.decision ? { eligible: application.decision.eligible, amountFen: application.decision.amountFen, ...(application.decision.policyVersion ? { policyVersion: application.decision.policyVersion } : {}) } : undefined,
        reservation: reservation ? { amountFen: reservation.amountFen } : undefined,
        budgetReservedFen: budget?.reservedFen,
        attachmentKinds: [...new Set((application?.documents ?? []).map((document) => document.kind))],
        acceptedKinds: Object.entries(application?.documentReview ?? {}).filter(([, review]) => review.verdict === 'accepted').map(([kind]) => kind),
        otherPaymentsOfPerson: others,
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
