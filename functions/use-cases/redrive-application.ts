import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ExecutionNotRedrivable,
  RedriveExecutionCommand,
  StartExecutionCommand,
  type ExecutionStatus,
} from '@aws-sdk/client-sfn';
import { getApplication, transitionApplication, type Application } from '../store/applications.ts';
import type { Actor, ApplicationStatus } from '../store/types.ts';
import type { Message } from '../shared/i18n.ts';
import { executionArn, sfn, workflowArn } from '../shared/sfn.ts';

/** Statuses with nothing left for a workflow to do. */
export const FINAL: readonly ApplicationStatus[] = ['INELIGIBLE', 'REJECTED', 'PAID', 'WITHDRAWN', 'DECLINED', 'EXPIRED'];
export const UNSUCCESSFUL: readonly ExecutionStatus[] = ['FAILED', 'TIMED_OUT', 'ABORTED'];

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

export async function describeWorkflowOf(program: string, applicationId: string) {
  try {
    return await sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(program, applicationId) }));
  } catch (error) {
    if (error instanceof ExecutionDoesNotExist) return undefined;
    throw error;
  }
}

// Recorded before the call: once the workflow runs it moves the application on at once. If the
// call then fails, the next sweep finds the application as it was and tries (and records) again.
export async function startWorkflowOf(application: Application, actor: Actor, reason: string): Promise<Recovery> {
  await recordRecovery(application, actor, 'WORKFLOW_START', reason, { zh: '流程此前未启动，现予启动', en: 'Its workflow had not started; it is started now' });
  try {
    await sfn.send(new StartExecutionCommand({ stateMachineArn: workflowArn(application.program), name: application.id, input: input(application.id) }));
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists) return { applicationId: application.id, action: 'NOTHING_TO_DO', reason: 'its workflow had just been started' };
    throw error;
  }
  return { applicationId: application.id, action: 'STARTED', reason };
}

export async function redriveWorkflowOf(application: Application, actor: Actor, reason: string): Promise<Recovery> {
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
  const execution = await describeWorkflowOf(application.program, applicationId);
  if (!execution) return startWorkflowOf(application, actor, 'redrive requested; its workflow had never started');
  if (execution.status && UNSUCCESSFUL.includes(execution.status)) return redriveWorkflowOf(application, actor, `redrive requested; its execution was ${execution.status} (${execution.error ?? 'no error'})`);
  return { applicationId, action: 'NOTHING_TO_DO', reason: `its execution is ${execution.status}` };
}

