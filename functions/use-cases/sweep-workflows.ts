import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { dropUnstarted, getApplication, listUnstarted } from '../store/applications.ts';
import { now } from '../shared/clock.ts';
import { workflowArn, sfn } from '../shared/sfn.ts';
import { isTransientError } from '../shared/transient-errors.ts';
import { expireProposals } from './answer-proposal.ts';
import { describeWorkflowOf, FINAL, redriveWorkflowOf, startWorkflowOf, sweepActor, UNSUCCESSFUL, type Recovery } from './redrive-application.ts';

/** AWS redrives executions that ended in the last 14 days; older ones are past help by redrive. */
const REDRIVE_PERIOD_MS = 14 * 86_400_000;

export interface SweepOptions {
  /** An application recorded less than this long ago may still be starting: left alone. */
  graceSeconds: number;
  /** How often the sweep redrives one application by itself before leaving it to an operator. */
  maxAutomaticRedrives: number;
  programs: readonly string[];
}

/**
 * The sweep (on start-up and periodically locally, a scheduled function on AWS): no application
 * is left without a running workflow.
 * - recorded but never taken up by a workflow (the submit's start was lost) → started;
 * - its execution FAILED, TIMED_OUT or ABORTED while the application is open → redriven, up to
 *   `maxAutomaticRedrives` times; one in NEEDS_ATTENTION only when a transient error stopped it
 *   (anything else waits for an operator, who sees it in the list);
 * - each action is in the application's audit trail, by the sweep;
 * - 免申即享 proposals past their confirmation period expire (they have no workflow to run).
 */
export async function sweepWorkflows(options: SweepOptions): Promise<Recovery[]> {
  const done: Recovery[] = [];
  const nowMs = now().getTime();
  const before = new Date(nowMs - options.graceSeconds * 1000).toISOString();
  await expireProposals();

  for (const { applicationId, submittedAt } of await listUnstarted(before, 100)) {
    const application = await getApplication(applicationId);
    if (application && !FINAL.includes(application.status) && !(await describeWorkflowOf(application.program, applicationId))) {
      done.push(await startWorkflowOf(application, sweepActor, 'recorded without a workflow'));
    }
    await dropUnstarted({ id: applicationId, submittedAt });
  }

  for (const program of options.programs) {
    for (const status of UNSUCCESSFUL) {
      let nextToken: string | undefined;
      let recent = true;
      do {
        const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: workflowArn(program), statusFilter: status, maxResults: 100, nextToken }));
        for (const execution of page.executions ?? []) {
          // Newest first: past the redrive period nothing further down can be redriven.
          if (execution.stopDate && nowMs - execution.stopDate.getTime() > REDRIVE_PERIOD_MS) {
            recent = false;
            break;
          }
          const application = execution.name ? await getApplication(execution.name) : undefined;
          if (!application || FINAL.includes(application.status)) continue;
          if ((execution.redriveCount ?? 0) >= options.maxAutomaticRedrives) continue;
          if (application.status === 'NEEDS_ATTENTION' && !isTransientError(application.attention?.error)) continue;
          const why = application.status === 'NEEDS_ATTENTION' ? `stopped by a transient error (${application.attention?.error})` : `its execution was ${status} while the application was ${application.status}`;
          done.push(await redriveWorkflowOf(application, sweepActor, why));
        }
        nextToken = page.nextToken;
      } while (nextToken && recent);
    }
  }
  return done.filter((recovery) => recovery.action !== 'NOTHING_TO_DO');
}
