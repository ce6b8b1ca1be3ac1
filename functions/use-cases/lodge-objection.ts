import { getApplication, transitionApplication } from '../store/applications.ts';
import { loadOrgTree } from '../store/directory.ts';
import { objectionPut } from '../store/objections.ts';
import { now } from '../shared/clock.ts';
import { ConflictError, ForbiddenError } from '../shared/errors.ts';
import { maySee, type Caller } from './access.ts';
import { applicationNotFound } from './application-errors.ts';

/**
 * A member objects to an application on public notice; objections send it back to review when
 * the notice ends.
 * 1. Anyone may object to what is on public notice, and only that is shown to them (else 404).
 * 2. Not the applicant: an objection is a member's check on others' aid (403).
 * 3. Record the objection with its audit event, only while the notice runs (else 409).
 * Returns when it was lodged.
 */
export async function lodgeObjection(caller: Caller, applicationId: string, reason: string, requestId: string | undefined): Promise<string> {
  const application = await getApplication(applicationId);
  if (!application || (application.status !== 'PUBLIC_NOTICE' && !maySee(caller, application, await loadOrgTree()))) throw applicationNotFound();
  if (application.applicant.sub === caller.sub) throw new ForbiddenError({ zh: '不能对自己的申请提出异议', en: 'You cannot object to your own application' });
  const at = now().toISOString();
  const actor = { sub: caller.sub, name: caller.name, role: caller.groups[0] ?? 'worker', orgUnit: caller.orgUnit } as const;
  const recorded = await transitionApplication(application.id, {
    from: ['PUBLIC_NOTICE'],
    to: 'PUBLIC_NOTICE',
    actor,
    action: 'OBJECT',
    reason,
    requestId,
    note: { zh: '公示期间收到一条异议', en: 'An objection was lodged during the notice' },
    with: [objectionPut({ applicationId: application.id, round: application.round, at, by: actor, reason })],
  });
  if (!recorded) throw new ConflictError('WRONG_STATE', { zh: '只能在公示期间提出异议', en: 'Objections can be lodged only during the public notice' });
  return at;
}
