import { noPriorBenefits, type PriorBenefits } from '../domain/programs/types.ts';
import { effectiveStatus, listApplicationsOfApplicant, type Application, type ApplicationListing } from './applications.ts';
import type { ApplicationStatus } from './types.ts';
import { ledgerOfHousehold, totalsByPurpose } from './ledger.ts';

/** Statuses in which an application's amount counts as granted (or about to be). */
const GRANTED: readonly ApplicationStatus[] = ['PUBLIC_NOTICE', 'APPROVED', 'AWAITING_BUDGET', 'DISBURSING', 'PAID', 'PAYMENT_FAILED'];
/** Statuses in which an application is still open. */
const OPEN: readonly ApplicationStatus[] = ['SUBMITTED', 'CHECKING', 'PENDING_APPROVAL', 'DOCUMENTS_REQUESTED', 'PUBLIC_NOTICE', 'APPROVED', 'AWAITING_BUDGET', 'DISBURSING', 'PAYMENT_FAILED'];

/** All of the worker's applications, as listed: the listing holds what the rules below compare. */
async function allOfApplicant(sub: string): Promise<ApplicationListing[]> {
  const all: ApplicationListing[] = [];
  let nextToken: string | undefined;
  do {
    const page = await listApplicationsOfApplicant(sub, {}, 200, nextToken);
    all.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return all;
}

/** What the worker has already received or asked for, which the rules subtract or refuse. */
export async function priorBenefits(application: Pick<Application, 'id' | 'year' | 'applicant'>): Promise<PriorBenefits> {
  const [mine, ledger] = await Promise.all([allOfApplicant(application.applicant.sub), ledgerOfHousehold(application.applicant.memberNumber, application.year)]);
  const others = mine.filter((other) => other.id !== application.id);
  return { ...priorBenefitsFrom(application.year, others), receivedThisYearByPurposeFen: totalsByPurpose(ledger.filter((entry) => entry.applicationId !== application.id)) };
}

/** The same for a worker who has not applied yet (the self-check). */
export async function priorBenefitsOfWorker(sub: string, memberNumber: string, year: number): Promise<PriorBenefits> {
  const [mine, ledger] = await Promise.all([allOfApplicant(sub), ledgerOfHousehold(memberNumber, year)]);
  return { ...priorBenefitsFrom(year, mine), receivedThisYearByPurposeFen: totalsByPurpose(ledger) };
}

function priorBenefitsFrom(year: number, others: ApplicationListing[]): PriorBenefits {
  const sameYear = others.filter((other) => other.year === year);
  const granted = sameYear.filter((other) => GRANTED.includes(effectiveStatus(other)) && other.decision?.eligible);
  const prior = noPriorBenefits();
  for (const other of granted) {
    const details = other.details;
    // The child's ID number by its mark: it compares like the sealed number (domain/sealed.ts).
    if (other.program === 'autumn-aid' && details.child?.idNumber) prior.autumnAidChildIdsThisYear.push(details.child.idNumber);
    if (other.program === 'hardship-relief') {
      for (const [kind, fen] of Object.entries(other.decision?.amountsByKindFen ?? {})) {
        const key = kind as keyof PriorBenefits['hardshipGrantedThisYearFen'];
        prior.hardshipGrantedThisYearFen[key] = (prior.hardshipGrantedThisYearFen[key] ?? 0) + Number(fen);
      }
    }
    if (other.program === 'mutual-claim') {
      const plan = String(details.plan);
      if (plan === 'critical-illness' && details.incident?.disease) prior.mutualPaidDiseases.push(String(details.incident.disease));
      prior.mutualPaidThisPeriodFen[plan] = (prior.mutualPaidThisPeriodFen[plan] ?? 0) + (other.decision?.amountFen ?? 0);
    }
  }
  for (const other of sameYear.filter((o) => o.program === 'hardship-relief' && OPEN.includes(effectiveStatus(o)))) {
    for (const kind of other.details.aidKinds ?? []) prior.hardshipOpenAidKinds.push(kind);
  }
  return prior;
}

