import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ProgramId } from '../domain/programs/types.ts';
import { sfn, workflowArn } from '../shared/sfn.ts';

/** Starts the program's state machine for an application, named by its id; one already started (a retried request) is the application's. */
export async function startWorkflow(program: ProgramId, applicationId: string): Promise<void> {
  try {
    await sfn.send(new StartExecutionCommand({ stateMachineArn: workflowArn(program), name: applicationId, input: JSON.stringify({ applicationId }) }));
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
}
