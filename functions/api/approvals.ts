import * as z from 'zod';
import type { Application } from '../store/applications.ts';
import { getApplicationRecords } from '../store/application-records.ts';
import { listApprovalQueue } from '../store/approvals.ts';
import { now } from '../shared/clock.ts';
import { HttpError } from '../shared/errors.ts';
import { say } from '../shared/i18n.ts';
import { apiHandler, reply } from '../shared/http.ts';
import type { Caller } from '../use-cases/access.ts';
import { decideApplication, fourEyesProblem } from '../use-cases/decide-application.ts';
import { approvalDaysOf } from '../use-cases/look-up-decision-parameters.ts';
import { applicationSummary, decisionView } from './views.ts';
import { listApprovalsQuery, decisionBody, batchDecisionBody } from './approvals-schemas.ts';

const DAY_MS = 86_400_000;

/**
 * The days each level has, by the parameters the application was decided under (as the workflow
 * counts them): kept on the application; for one decided before they were, read from its policy
 * version, each once per listing (a queue shares a few).
 */
export function approvalDaysByPolicy() {
  const days = new Map<string, Promise<number>>();
  return (application: Application): Promise<number> => {
    if (application.approvalDays !== undefined) return Promise.resolve(application.approvalDays);
    const version = application.decision?.policyVersion ?? application.id;
    if (!days.has(version)) days.set(version, approvalDaysOf(application));
    return days.get(version)!;
  };
}

/** What this official may decide now, oldest first, with the eligibility explanation inline. */
export const listApprovals = apiHandler({ roles: ['official'], query: listApprovalsQuery }).handler(async ({ auth, query, lang }) => {
  const caller = auth as Caller;
  if (caller.level === undefined) return reply(200, { items: [] });
  const queue = await listApprovalQueue(caller.orgUnit, caller.level, 200);
  const approvalDays = approvalDaysByPolicy();
  const items = [];
  for (const approval of queue) {
    if (query.program && approval.program !== query.program) continue;
    const records = await getApplicationRecords(approval.applicationId);
    const application = records?.application;
    if (!records || !application || application.status !== 'PENDING_APPROVAL') continue;
    if (query.tier && application.decision?.tier !== query.tier) continue;
    if (fourEyesProblem(caller, application, records.approvals, approval.level)) continue;
    const days = await approvalDays(application);
    const dueAt = new Date(Date.parse(approval.requestedAt) + days * DAY_MS).toISOString();
    items.push({
      applicationId: application.id,
      level: approval.level,
      round: approval.round,
      orgUnit: approval.orgUnit,
      requestedAt: approval.requestedAt,
      dueAt,
      overdue: now().toISOString() > dueAt,
      application: applicationSummary(application),
      decision: decisionView(application, lang),
    });
    if (items.length >= query.limit) break;
  }
  return reply(200, { items });
});

const applicationIdParams = z.object({ applicationId: z.string().min(1).max(80) });

export const decideApproval = apiHandler({ roles: ['official'], params: applicationIdParams, body: decisionBody }).handler(async ({ auth, params, body, requestId }) =>
  reply(200, await decideApplication(auth as Caller, params.applicationId, body, requestId)),
);

/**
 * Several decisions with one comment. Each is recorded and sent on its own; one failure does not
 * undo the others, and the reply says which succeeded and why the others did not.
 */
export const decideBatch = apiHandler({ roles: ['official'], body: batchDecisionBody }).handler(async ({ auth, body, lang, requestId }) => {
  const results = [];
  for (const applicationId of body.applicationIds) {
    try {
      results.push({ status: 200, ...(await decideApplication(auth as Caller, applicationId, { decision: body.decision, comment: body.comment }, requestId)) });
    } catch (error) {
      if (!(error instanceof HttpError) || !error.expose) throw error;
      results.push({ applicationId, status: error.status, error: { code: error.code, message: say(error.text, lang) } });
    }
  }
  return reply(200, { decided: results.filter((result) => result.status === 200).length, results });
});

