/** Workflow task errors: their names are the error codes the state machines' Catch and Retry see. */
export class ApplicationMissingError extends Error {
  constructor(id: string) {
    super(`application ${id} or its applicant's member record does not exist`);
    this.name = 'ApplicationMissingError';
  }
}

export class PolicyMissingError extends Error {
  constructor(program: string, orgUnit: string) {
    super(`no policy version of ${program} is in force for ${orgUnit}`);
    this.name = 'PolicyMissingError';
  }
}

/** Ends an execution in its NeedsAttention state, where a redrive takes it up again (not retried, not caught). */
export class NeedsAttentionError extends Error {
  constructor(step: string, error: string) {
    super(`the workflow could not go on at ${step} (${error}); redrive it once the cause is fixed`);
    this.name = 'NeedsAttention';
  }
}
