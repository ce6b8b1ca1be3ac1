import { getApplication, transitionApplication } from '../store/applications.ts';
import { workflowActor } from '../store/types.ts';
import { now } from '../shared/clock.ts';
import { parametersOf } from '../use-cases/look-up-decision-parameters.ts';
import { ApplicationMissingError } from './errors.ts';
import { countEvent } from '../shared/metrics.ts';

const DAY_SECONDS = 86_400;

/**
 * After the last approval: the public notice (公示) of the program's `publicNoticeDays`, during
 * which any member may object. Returns its length for the Wait state; 0 skips it (mutual claims,
 * for medical privacy).
 */
export const handler = async (event: { applicationId: string }): Promise<{ seconds: number }> => {
  const application = await getApplication(event.applicationId);
  if (!application) throw new ApplicationMissingError(event.applicationId);
  const { program, parameters } = await parametersOf(application);
  const seconds = program.publicNoticeDays(parameters) * DAY_SECONDS;
  // Reached only after the last approval level approved.
  countEvent('approved', application.program);
  if (seconds === 0) return { seconds };
  const endsAt = new Date(now().getTime() + seconds * 1000).toISOString();
  await transitionApplication(application.id, {
    from: ['PENDING_APPROVAL'],
    to: 'PUBLIC_NOTICE',
    actor: workflowActor,
    action: 'START_NOTICE',
    set: { noticeEndsAt: endsAt },
    note: { zh: `公示 ${seconds / DAY_SECONDS} 天，期间任何会员可提出异议`, en: `Public notice for ${seconds / DAY_SECONDS} days; any member may object meanwhile` },
  }, application);
  return { seconds };
};
