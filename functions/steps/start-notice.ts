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
 * for medical privacy). A program that counts its notice in working days (warmth-visits) says
 * when it ends.
 */
export const handler = async (event: { applicationId: string }): Promise<{ seconds: number }> => {
  const application = await getApplication(event.applicationId);
  if (!application) throw new ApplicationMissingError(event.applicationId);
  const { program, parameters } = await parametersOf(application);
  const working = program.publicNoticeEnd?.(parameters, now().toISOString());
  const seconds = working ? Math.ceil((Date.parse(working.endsAt) - now().getTime()) / 1000) : program.publicNoticeDays(parameters) * DAY_SECONDS;
  // Reached only after the last approval level approved.
  countEvent('approved', application.program);
  if (seconds === 0) return { seconds };
  const endsAt = working?.endsAt ?? new Date(now().getTime() + seconds * 1000).toISOString();
  const days = program.publicNoticeDays(parameters);
  await transitionApplication(application.id, {
    from: ['PENDING_APPROVAL'],
    to: 'PUBLIC_NOTICE',
    actor: workflowActor,
    action: 'START_NOTICE',
    set: { noticeEndsAt: endsAt },
    note: working
      ? { zh: `公示 ${days} 个工作日，至 ${working.lastDay} 止，期间任何会员可提出异议`, en: `Public notice for ${days} working days, until ${working.lastDay}; any member may object meanwhile` }
      : { zh: `公示 ${days} 天，期间任何会员可提出异议`, en: `Public notice for ${days} days; any member may object meanwhile` },
  }, application);
  return { seconds };
};
