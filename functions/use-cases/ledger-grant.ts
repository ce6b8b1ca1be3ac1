import { getProgram } from '../domain/programs/index.ts';
import type { Application } from '../store/applications.ts';

/** An application's grant as the entitlement ledger records it: its household, year, unit and amount by purpose (the program's own split). */
export function grantOf(application: Application) {
  const decision = application.decision;
  return {
    memberNumber: application.applicant.memberNumber,
    year: application.year,
    applicationId: application.id,
    program: application.program,
    orgUnit: application.applicant.orgUnit,
    amountFen: decision?.amountFen ?? 0,
    purposes: decision ? getProgram(application.program).purposes(decision, application.details) : {},
  };
}
