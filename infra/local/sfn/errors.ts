/** A client error in the Step Functions JSON protocol's shape (HTTP 400), so the SDK raises the matching exception class. */
export class SfnError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }

  toBody(): { __type: string; message: string } {
    return { __type: `com.amazonaws.swf.service.v2.model#${this.type}`, message: this.message };
  }
}

export const executionDoesNotExist = (arn: string) => new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
export const executionAlreadyExists = (arn: string) => new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
export const stateMachineDoesNotExist = (arn: string) => new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
export const taskDoesNotExist = () => new SfnError('TaskDoesNotExist', 'Task Timed Out or does not exist');
export const invalidToken = (detail: string) => new SfnError('InvalidToken', `Invalid Token: ${detail}`);
export const invalidName = (name: string) => new SfnError('InvalidName', `Invalid Name: '${name}'`);
export const invalidArn = (arn: string) => new SfnError('InvalidArn', `Invalid Arn: '${arn}'`);
export const invalidInput = (detail: string) => new SfnError('InvalidExecutionInput', `Invalid Execution Input: ${detail}`);
export const invalidOutput = (detail: string) => new SfnError('InvalidOutput', `Invalid Output: ${detail}`);
export const executionNotRedrivable = (arn: string, reason: string) => new SfnError('ExecutionNotRedrivable', `Execution '${arn}' cannot be redriven: ${reason}`);
export const validation = (detail: string) => new SfnError('ValidationException', detail);
export const serialization = (detail: string) => new SfnError('SerializationException', detail);
export const unknownOperation = (target: string) => new SfnError('UnknownOperationException', `Unknown operation ${target}`);

/** An error raised inside an execution: its name is the ASL error code Retry and Catch match, its message the Cause. */
export class StatesError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/**
 * Ends whatever a run was waiting on when the run is stopped, aborted or timed out, so that the
 * interpreter releases its own timers. Neither Retry nor Catch may match it (the interpreter reads
 * these two flags), and nothing of that run is recorded any more.
 */
export class RunEndedError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;

  constructor() {
    super('the execution has ended');
    this.name = 'RunEndedError';
  }
}
