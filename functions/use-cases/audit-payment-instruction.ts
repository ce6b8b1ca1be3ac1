import { sameNumber } from '../domain/sealed.ts';
import { auditPayment, duplicateBenefits, type PaymentFacts, type RuleResult, type RuleSettings } from '../domain/finance/payment-rules.ts';
import { ledgerOfHousehold, type LedgerEntry } from '../store/ledger.ts';
import { nameIn, programNames, purposeText } from '../shared/code-names.ts';
import { grantOf } from './ledger-grant.ts';
import { getApplication, type Application } from '../store/applications.ts';
import { getApplicationRecords } from '../store/application-records.ts';
import { getPaymentAuditItems } from '../store/payment-audit-items.ts';
import type { PaymentInstructionItem } from '../store/types.ts';
import type { InstructionListing } from '../store/payments.ts';
import { declaredHouseholds } from './declared-household.ts';

/** One candidate as read for the payment rules: all but the in-batch duplicate check. */
export interface AuditReading {
  instruction: InstructionListing;
  /** The card number as stored (sealed). */
  accountNumber: string;
  facts: Omit<PaymentFacts, 'sameInBatch'>;
  settings: RuleSettings;
}

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
  const ledgerOf = (memberNumber: string, year: number) => {
    const key = `${memberNumber}#${year}`;
    if (!ledgers.has(key)) ledgers.set(key, ledgerOfHousehold(memberNumber, year));
    return ledgers.get(key) as Promise<LedgerEntry[]>;
  };
  const households = new Map<string, Promise<string[]>>();
  /**
   * What one candidate reads by key, in one request: the budget it reserved on, the profiles of
   * the people not read yet (their declared households) and its program's settings, once.
   */
  const keyedReadsOf = async (program: string, reservation: Application['reservation'], people: string[]) => {
    const unread = [...new Set(people)].filter((sub) => !households.has(sub));
    const rulesOf = settings.has(program) ? undefined : program;
    const reading = getPaymentAuditItems({ ...(reservation ? { budget: reservation } : {}), profiles: unread, ...(rulesOf ? { rulesOf } : {}) });
    if (rulesOf) settings.set(rulesOf, reading.then((items) => (items.rules as NonNullable<typeof items.rules>).settings));
    const declared = reading.then((items) => declaredHouseholds(unread, items.profiles));
    for (const sub of unread) households.set(sub, declared.then((found) => found.get(sub) ?? []));
    const [{ budget }, byPerson, programSettings] = await Promise.all([
      reading,
      Promise.all(people.map(async (sub) => [sub, await (households.get(sub) as Promise<string[]>)] as const)),
      settings.get(program) as Promise<RuleSettings>,
    ]);
    return { budget, households: new Map(byPerson), settings: programSettings };
  };
  const accepted: PaymentInstructionItem[] = [];

  return {
    /**
     * What the six rule classes read of one candidate (payment-rules.ts says what each reads);
     * candidates may be read at once, the context reads what they share once:
     * 1. its application and approvals of the current round, then in one request the budget it
     *    reserved on, the households the payee and each approver last declared, and (once) the
     *    program's settings;
     * 2. the household's entitlement ledger of the year (every program and unit) for grants that
     *    duplicate it (a one-off purpose; of the same program only with a claim key in common).
     */
    async read(instruction: InstructionListing, year: number): Promise<AuditReading> {
      // The candidate's application with its approvals and payment instructions in one read; the others' applications alone, each once.
      const records = await getApplicationRecords(instruction.applicationId);
      const application = records?.application;
      // The card number as stored (sealed, with its check digit and fingerprint): the listing shows it masked only.
      const accountNumber = records?.payments.find((payment) => payment.instructionId === instruction.instructionId)?.accountNumber ?? '';
      if (application) applications.set(application.id, Promise.resolve(application));
      const approvals = records && application ? records.approvals.filter((approval) => approval.round === application.round && approval.status === 'APPROVED' && approval.decidedBy) : [];
      const reservation = application?.reservation;
      const { budget, households: people, settings: programSettings } = await keyedReadsOf(instruction.program, reservation, [...(application ? [application.applicant.sub] : []), ...approvals.map((approval) => approval.decidedBy?.sub ?? '')]);
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
      const facts: Omit<PaymentFacts, 'sameInBatch'> = {
        program: instruction.program,
        amountFen: instruction.amountFen,
        decision: application?.decision ? { eligible: application.decision.eligible, amountFen: application.decision.amountFen, ...(application.decision.policyVersion ? { policyVersion: application.decision.policyVersion } : {}) } : undefined,
        reservation: reservation ? { amountFen: reservation.amountFen } : undefined,
        budgetReservedFen: budget?.reservedFen,
        attachmentKinds: [...new Set((application?.documents ?? []).map((document) => document.kind))],
        acceptedKinds: Object.entries(application?.documentReview ?? {}).filter(([, review]) => review.verdict === 'accepted').map(([kind]) => kind),
        duplicateBenefits: others,
        applicant: { sub: application?.applicant.sub ?? '', name: application?.applicant.name ?? '' },
        approvalLevels: application?.approvalLevels ?? [],
        approvals: await Promise.all(approvals.map(async (approval) => ({ level: approval.level, sub: approval.decidedBy?.sub ?? '', name: approval.decidedBy?.name ?? '', decidedAt: approval.decidedAt ?? '', household: people.get(approval.decidedBy?.sub ?? '') ?? [] }))),
        payeeHousehold: application ? (people.get(application.applicant.sub) ?? []) : [],
        preparerSub,
        account: { holder: instruction.payeeName, number: accountNumber, bank: instruction.bank, ...(application?.bankAccountUpdatedAt ? { changedAt: application.bankAccountUpdatedAt } : {}) },
      };
      return { instruction, accountNumber, facts, settings: programSettings };
    },
    /**
     * The rules on what was read, in the order the batch takes its candidates: instructions
     * already accepted into it to the same payee, account and amount are duplicates; the results
     * are graded by the program's settings.
     */
    judge({ instruction, accountNumber, facts, settings: programSettings }: AuditReading): RuleResult[] {
      const sameInBatch = accepted.filter((a) => a.payeeName === instruction.payeeName && sameNumber(a.accountNumber, accountNumber) && a.amountFen === instruction.amountFen).map((a) => a.instructionId);
      return auditPayment({ ...facts, sameInBatch }, programSettings);
    },
    /** Counts an instruction taken into the batch (as stored), for the in-batch duplicate check of the next ones. */
    accept(instruction: PaymentInstructionItem) {
      accepted.push(instruction);
    },
  };
}
