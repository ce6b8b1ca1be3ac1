import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ExecutionNotRedrivable,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  type ExecutionStatus,
} from '@aws-sdk/client-sfn';
import type { ProgramId } from '../domain/programs/types.ts';
import { dropUnstarted, getApplication, listUnstarted, transitionApplication, type Application } from '../store/applications.ts';
import type { Actor, ApplicationStatus } from '../store/types.ts';
import { now } from './clock.ts';
import type { Message } from './i18n.ts';
import { executionArn, sfn, workflowArn } from './sfn.ts';
import { isTransientError } from './transient-errors.ts';

/** Statuses with nothing left for a workflow to do. */
const FINAL: readonly ApplicationStatus[] = ['INELIGIBLE', 'REJECTED', 'PAID', 'WITHDRAWN'];
const UNSUCCESSFUL: readonly ExecutionStatus[] = ['FAILED', 'TIMED_OUT', 'ABORTED'];
/** AWS redrives executions that ended in the last 14 days; older ones are past help by redrive. */
const REDRIVE_PERIOD_MS = 14 * 86_400_000;

export type RecoveryAction = 'STARTED' | 'REDRIVEN' | 'NOTHING_TO_DO';

export interface Recovery {
  applicationId: string;
  action: RecoveryAction;
  /** Why, in the operator's words. */
  reason: string;
}

/** The sweep acts as itself in the audit trail. */
export const sweepActor: Actor = { sub: 'sweep', name: '流程巡检 / workflow sweep', role: 'system', orgUnit: '-' };

const input = (applicationId: string) => JSON.stringify({ applicationId });

/** Writes what was done to the application's history and audit chain, its status unchanged. */
async function recordRecovery(application: Application, actor: Actor, action: string, reason: string, note: Message): Promise<void> {
  await transitionApplication(application.id, { from: [application.status], to: application.status, actor, action, reason, note });
}

async function describe(program: ProgramId, applicationId: string) {
  try {
    return await sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(program, applicationId) }));
  } catch (error) {
    if (error instanceof ExecutionDoesNotExist) return undefined;
    throw error;
  }
}

// Recorded before the call: once the workflow runs it moves the application on at once. If the
// call then fails, the next sweep finds the application as it was and tries (and records) again.
async function start(application: Application, actor: Actor, reason: string): Promise<Recovery> {
  await recordRecovery(application, actor, 'WORKFLOW_START', reason, { zh: '流程此前未启动，现予启动', en: 'Its workflow had not started; it is started now' });
  try {
    await sfn.send(new StartExecutionCommand({ stateMachineArn: workflowArn(application.program), name: application.id, input: input(application.id) }));
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists) return { applicationId: application.id, action: 'NOTHING_TO_DO', reason: 'its workflow had just been started' };
    throw error;
  }
  return { applicationId: application.id, action: 'STARTED', reason };
}

async function redrive(application: Application, actor: Actor, reason: string): Promise<Recovery> {
  await recordRecovery(application, actor, 'WORKFLOW_REDRIVE', reason, { zh: '流程重新驱动，从中断的一步继续', en: 'Its workflow is redriven from the step it stopped at' });
  try {
    await sfn.send(new RedriveExecutionCommand({ executionArn: executionArn(application.program, application.id) }));
  } catch (error) {
    if (error instanceof ExecutionNotRedrivable) return { applicationId: application.id, action: 'NOTHING_TO_DO', reason: `not redrivable: ${error.message}` };
    throw error;
  }
  return { applicationId: application.id, action: 'REDRIVEN', reason };
}

/**
 * An operator's redrive of one application (`npm run redrive -- APP-…`): its execution is redriven
 * (RedriveExecution: it goes on from the state it stopped in), or started if it never was.
 * Steps: read the application and its execution → start or redrive → record it in the audit trail.
 */
export async function redriveApplication(applicationId: string, actor: Actor): Promise<Recovery | undefined> {
  const application = await getApplication(applicationId);
  if (!application) return undefined;
  if (FINAL.includes(application.status)) return { applicationId, action: 'NOTHING_TO_DO', reason: `it is ${application.status}, nothing is left to run` };
  const execution = await describe(application.program, applicationId);
  if (!execution) return start(application, actor, 'redrive requested; its workflow had never started');
  if (execution.status && UNSUCCESSFUL.includes(execution.status)) return redrive(application, actor, `redrive requested; its execution was ${execution.status} (${execution.error ?? 'no error'})`);
  return { applicationId, action: 'NOTHING_TO_DO', reason: `its execution is ${execution.status}` };
}

export interface SweepOptions {
  /** An application recorded less than this long ago may still be starting: left alone. */
  graceSeconds: number;
  /** How often the sweep redrives one application by itself before leaving it to an operator. */
  maxAutomaticRedrives: number;
  programs: readonly ProgramId[];
}

/**
 * The sweep (on start-up and periodically locally, a scheduled function on AWS): no application
 * is left without a running workflow.
 * - recorded but never taken up by a workflow (the submit's start was lost) → started;
 * - its execution FAILED, TIMED_OUT or ABORTED while the application is open → redriven, up to
 *   `maxAutomaticRedrives` times; one in NEEDS_ATTENTION only when a transient error stopped it
 *   (anything else waits for an operator, who sees it in the list);
 * - each action is in the application's audit trail, by the sweep.
 */
export async function sweepWorkflows(options: SweepOptions): Promise<Recovery[]> {
  const done: Recovery[] = [];
  const nowMs = now().getTime();
  const before = new Date(nowMs - options.graceSeconds * 1000).toISOString();

  for (const { applicationId, submittedAt } of await listUnstarted(before, 100)) {
    const application = await getApplication(applicationId);
    if (application && !FINAL.includes(application.status) && !(await describe(application.program, applicationId))) {
      done.push(await start(application, sweepActor, 'recorded without a workflow'));
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
          done.push(await redrive(application, sweepActor, why));
        }
        nextToken = page.nextToken;
      } while (nextToken && recent);
    }
  }
  return done.filter((recovery) => recovery.action !== 'NOTHING_TO_DO');
}
