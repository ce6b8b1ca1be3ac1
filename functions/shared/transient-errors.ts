/**
 * Errors a workflow task may meet that pass by themselves. The workflows retry them (AWS's
 * recommended retrier for Lambda tasks, and a short one for a concurrent change), and the sweep
 * redrives an application stopped by one of them without waiting for an operator.
 */
export const TRANSIENT_LAMBDA_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.Unknown',
] as const;

/** The application changed under a step (a concurrent decision): read again, soon. */
export const STALE_APPLICATION_ERROR = 'StaleApplicationError';

/** The database did not answer (DatabaseUnavailableError's name): waited out for a few minutes. */
export const DATABASE_UNAVAILABLE_ERROR = 'DatabaseUnavailable';

export const isTransientError = (error: string | undefined): boolean =>
  error !== undefined && ((TRANSIENT_LAMBDA_ERRORS as readonly string[]).includes(error) || error === STALE_APPLICATION_ERROR || error === DATABASE_UNAVAILABLE_ERROR);
