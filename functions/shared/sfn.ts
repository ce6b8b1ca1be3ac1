import { SFNClient } from '@aws-sdk/client-sfn';
import { recordAwsCalls } from './aws-calls.ts';
import { traced } from './tracing.ts';

/** One client per module load; the SDK reads AWS_ENDPOINT_URL_SFN, which the local runtime sets. */
export const sfn = recordAwsCalls(traced(new SFNClient({})), 'states');

/** The state machine of a program (by its id), from WORKFLOW_ARNS (a JSON object set by the stack or the local runtime). */
export function workflowArn(program: string): string {
  const arns = JSON.parse(process.env.WORKFLOW_ARNS ?? '{}') as Record<string, string>;
  const arn = arns[program];
  if (!arn) throw new Error(`WORKFLOW_ARNS has no state machine for ${program}`);
  return arn;
}

/** arn:…:stateMachine:NAME → arn:…:execution:NAME:ID, as Step Functions names executions. */
export function executionArn(program: string, executionName: string): string {
  return `${workflowArn(program).replace(':stateMachine:', ':execution:')}:${executionName}`;
}

/** The programs WORKFLOW_ARNS names a state machine for. */
export function workflowProgramsConfigured(): string[] {
  return Object.keys(JSON.parse(process.env.WORKFLOW_ARNS ?? '{}') as Record<string, string>);
}
