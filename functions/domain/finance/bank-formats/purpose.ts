/**
 * The purpose (用途) of a transfer as the worker's bank statement will show it: the program's
 * Chinese name and the application's reference, which the worker has on their receipt — no codes.
 */
export const transferPurpose = (programNameZh: string, applicationId: string): string => `${programNameZh} ${applicationId}`;
