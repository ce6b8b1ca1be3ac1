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
