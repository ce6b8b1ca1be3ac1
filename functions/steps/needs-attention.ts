import { getApplication, transitionApplication, type Application } from '../store/applications.ts';
import type { ApplicationStatus } from '../store/types.ts';
import { workflowActor } from '../store/types.ts';
import { nowIso } from '../shared/clock.ts';
import { stepLabel } from '../shared/step-labels.ts';
import { ApplicationMissingError, NeedsAttentionError } from './errors.ts';
import { countEvent } from '../shared/metrics.ts';

/** Statuses with nothing left to do: a step failing after one of them is not the application's problem. */
const FINAL: readonly ApplicationStatus[] = ['INELIGIBLE', 'REJECTED', 'PAID', 'WITHDRAWN', 'DECLINED', 'EXPIRED'];
/** DynamoDB keeps items under 400 KB; a cause is for a person to read. */
const MAX_CAUSE = 2000;

interface Event {
  applicationId: string;
  /** The state that could not go on, and the error its catch-all caught. */
  step: string;
  error: string;
  cause?: string;
  /** `$$.Execution.RedriveCount`. */
  redriveCount: number;
}

/**
 * A step ran out of retries or failed outright. The first time, the application goes to
 * NEEDS_ATTENTION with the step and the error, and the execution fails here (NeedsAttention), where
 * operators and officials see it. Re-run by a redrive (a larger RedriveCount than the one recorded),
 * the application goes back to the status it had and the workflow resumes at the step.
 */
export const handler = async (event: Event): Promise<{ step: string }> => {
  const application = await getApplication(event.applicationId);
  if (!application) throw new ApplicationMissingError(event.applicationId);
  if (application.status === 'NEEDS_ATTENTION' && application.attention) {
    if (application.attention.redriveCount < event.redriveCount) return resume(application, application.attention);
    throw new NeedsAttentionError(application.attention.step, application.attention.error);
  }
  if (FINAL.includes(application.status)) throw new NeedsAttentionError(event.step, event.error);
  const label = stepLabel(event.step);
  await transitionApplication(application.id, {
    from: [application.status],
    to: 'NEEDS_ATTENTION',
    actor: workflowActor,
    action: 'NEEDS_ATTENTION',
    reason: `${event.step}: ${event.error}`,
    set: {
      attention: {
        step: event.step,
        error: event.error,
        cause: (event.cause ?? '').slice(0, MAX_CAUSE),
        since: nowIso(),
        previousStatus: application.status,
        redriveCount: event.redriveCount,
      },
    },
    note: { zh: `流程在“${label.zh}”一步未能继续，已转人工处理`, en: `The workflow could not go on at "${label.en}"; it awaits an operator` },
  });
  countEvent('needsAttention', application.program);
  throw new NeedsAttentionError(event.step, event.error);
};

async function resume(application: Application, attention: NonNullable<Application['attention']>): Promise<{ step: string }> {
  const label = stepLabel(attention.step);
  await transitionApplication(application.id, {
    from: ['NEEDS_ATTENTION'],
    to: attention.previousStatus,
    actor: workflowActor,
    action: 'RESUME',
    set: { attention: { ...attention, resolvedAt: nowIso() } },
    note: { zh: `流程已重新驱动，从“${label.zh}”一步继续`, en: `The workflow was redriven and goes on at "${label.en}"` },
  });
  return { step: attention.step };
}
