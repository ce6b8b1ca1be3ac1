import * as z from 'zod';
import { assistedApplicationBody, bankAccountBody, listApplicationsQuery, reasonBody, submitApplicationBody } from './application-schemas.ts';
import { getApplication as readApplication, listApplicationsOfApplicant, listApplicationsOfOrgUnits, type ApplicationListing } from '../store/applications.ts';
import { getApplicationRecords } from '../store/application-records.ts';
import { loadOrgTree } from '../store/directory.ts';
import { requestHash } from '../store/idempotency.ts';
import { ValidationError } from '../shared/errors.ts';
import { apiHandler, reply } from '../shared/http.ts';
import { type Caller, maySee, visibleOrgUnits } from '../use-cases/access.ts';
import { appealRejection } from '../use-cases/appeal-rejection.ts';
import { applicationNotFound } from '../use-cases/application-errors.ts';
import { correctBankAccount } from '../use-cases/correct-bank-account.ts';
import { idNumbersForDecider } from '../use-cases/reveal-id-numbers.ts';
import { lodgeObjection as lodgeTheObjection } from '../use-cases/lodge-objection.ts';
import { submitApplication as submitTheApplication } from '../use-cases/submit-application.ts';
import { withdrawApplication as withdrawTheApplication } from '../use-cases/withdraw-application.ts';
import { applicationSummary, applicationView } from './views.ts';
import { compareUnderPolicyInForce } from '../use-cases/compare-under-policy-in-force.ts';
import { parseVersionId } from '../store/policies.ts';
import { policyVersionName } from '../shared/code-names.ts';
import { say } from '../shared/i18n.ts';

const idParams = z.object({ id: z.string().min(1).max(80) });

/** A worker applies (see the use case for its steps). */
export const submitApplication = apiHandler({ roles: ['worker'], body: submitApplicationBody }).handler(async ({ auth, body, idempotencyKey }) => {
  const submitted = await submitTheApplication(auth as Caller, { program: body.program, details: body.details as Record<string, any>, idempotencyKey, requestHash: requestHash(body) });
  return reply(submitted.status, submitted.body);
});

/** An official files for a member who cannot apply themselves, with the photo of their signed consent (see the use case). */
export const fileAssistedApplication = apiHandler({ roles: ['official'], body: assistedApplicationBody }).handler(async ({ auth, body, idempotencyKey }) => {
  const submitted = await submitTheApplication(
    auth as Caller,
    { program: body.program, details: body.details as Record<string, any>, idempotencyKey, requestHash: requestHash(body) },
    { memberSub: body.member, consentDocumentId: body.consentDocumentId },
  );
  return reply(submitted.status, submitted.body);
});

/** Workers see their own applications; officials their subtree's; finance and admins all. */
export const listApplications = apiHandler({ roles: ['worker', 'official', 'finance', 'admin'], query: listApplicationsQuery }).handler(async ({ auth, query, lang }) => {
  const summary = (application: ApplicationListing) => applicationSummary(application, lang);
  const filter = { status: query.status, program: query.program, year: query.year };
  const caller = auth as Caller;
  if (!caller.groups.some((group) => group !== 'worker')) {
    const page = await listApplicationsOfApplicant(caller.sub, filter, query.limit, query.nextToken);
    return reply(200, { items: page.items.map(summary), nextToken: page.nextToken });
  }
  const tree = await loadOrgTree();
  let units = visibleOrgUnits(caller, tree);
  if (query.orgUnit) {
    if (!units.includes(query.orgUnit)) {
      throw new ValidationError([{ path: 'orgUnit', message: { zh: '该组织不在您的管辖范围内', en: 'That org unit is outside your part of the org tree' } }]);
    }
    units = tree.subtree(query.orgUnit);
  }
  const page = await listApplicationsOfOrgUnits(units, filter, query.limit, query.nextToken);
  return reply(200, { items: page.items.map(summary), nextToken: page.nextToken });
});

/** The application if this caller may see it; 404 otherwise (never revealing that it exists). */
export async function visibleApplication(id: string, caller: Caller) {
  const application = await readApplication(id);
  if (!application || !maySee(caller, application, await loadOrgTree())) throw applicationNotFound();
  return application;
}

/** One read of the application's partition gives the application, its history, approvals and payments. */
export const getApplication = apiHandler({ roles: ['worker', 'official', 'finance', 'admin'], params: idParams }).handler(async ({ auth, params, lang, requestId }) => {
  const records = await getApplicationRecords(params.id);
  const caller = auth as Caller;
  if (!records || !maySee(caller, records.application, await loadOrgTree())) throw applicationNotFound();
  const { application, approvals, payments, history } = records;
  const decidesNow = approvals.some(
    (approval) => approval.status === 'PENDING' && approval.round === application.round && approval.orgUnit === caller.orgUnit && (approval.deciderLevel ?? approval.level) === caller.level,
  );
  const reveal = decidesNow && caller.groups.includes('official');
  // The decider's view opens the sealed ID numbers, and the read is recorded in the audit trail first.
  const shown = reveal ? { ...application, details: await idNumbersForDecider(application, caller, requestId) } : application;
  return reply(200, applicationView(shown, lang, { approvals, payments, history }, reveal));
});

/**
 * The application decided again under the policy version its decision recorded and under the one in
 * force now, side by side (for an appeal's reviewer), with a plain summary for the applicant.
 */
export const comparePolicies = apiHandler({ roles: ['worker', 'official', 'finance', 'admin'], params: idParams }).handler(async ({ auth, params, lang }) => {
  const application = await visibleApplication(params.id, auth as Caller);
  const { recorded, inForce, comparison } = await compareUnderPolicyInForce(application);
  const versionName = (id: string) => {
    const version = parseVersionId(id);
    return version ? say(policyVersionName(version.effectiveFrom, version.version), lang) : '';
  };
  const side = (message: { zh: string; en: string } | undefined) => (message ? say(message, lang) : undefined);
  return reply(200, {
    recorded: { policyName: versionName(recorded.policyVersion), eligible: recorded.eligible, amountFen: recorded.amountFen },
    inForce: { policyName: versionName(inForce.policyVersion), eligible: inForce.eligible, amountFen: inForce.amountFen },
    changed: comparison.changed,
    summary: say(comparison.summary, lang),
    checks: comparison.checks.map((check) => ({
      code: check.code,
      changed: check.changed,
      ...(check.recorded ? { recorded: { passed: check.recorded.passed, message: side(check.recorded.message) } } : {}),
      ...(check.inForce ? { inForce: { passed: check.inForce.passed, message: side(check.inForce.message) } } : {}),
    })),
  });
});

/** The applicant withdraws before approval (see the use case for its steps). */
export const withdrawApplication = apiHandler({ roles: ['worker'], params: idParams }).handler(async ({ auth, params, requestId }) => {
  await withdrawTheApplication(auth as Caller, params.id, requestId);
  return reply(200, { id: params.id, status: 'WITHDRAWN' });
});


/** The applicant appeals a rejection, once (see the use case for its steps). */
export const appealApplication = apiHandler({ roles: ['worker'], params: idParams, body: reasonBody }).handler(async ({ auth, params, body, requestId }) => {
  await appealRejection(auth as Caller, params.id, body.reason, requestId);
  return reply(200, { id: params.id, status: 'PENDING_APPROVAL' });
});

/** Any signed-in member may object during the public notice. */
export const lodgeObjection = apiHandler({ roles: ['worker', 'official', 'finance', 'admin'], params: idParams, body: reasonBody }).handler(async ({ auth, params, body, requestId }) => {
  const objectedAt = await lodgeTheObjection(auth as Caller, params.id, body.reason, requestId);
  return reply(201, { id: params.id, status: 'PUBLIC_NOTICE', objectedAt });
});


/** After a failed transfer the applicant corrects the bank account (see the use case). */
export const updateBankAccount = apiHandler({ roles: ['worker'], params: idParams, body: bankAccountBody }).handler(async ({ auth, params, body, requestId }) => {
  await correctBankAccount(auth as Caller, params.id, body, requestId);
  return reply(200, { id: params.id, status: 'PAYMENT_FAILED' });
});
