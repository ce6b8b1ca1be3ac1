import type { HandlerRef } from '../shared/handler-ref.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Route {
  method: HttpMethod;
  /** API Gateway path syntax: `/applications/{id}`. */
  path: string;
  handler: HandlerRef;
  /** One line for the OpenAPI document. */
  summary: string;
  /** Reachable without a token (no JWT authorizer). */
  public?: boolean;
}

const api = (file: string, exportName: string): HandlerRef => ({ file: `functions/api/${file}`, export: exportName });

/** The one route table: the CDK stack and the local API server are both built from it. */
export const routes: Route[] = [
  { method: 'GET', path: '/health', summary: 'Liveness and version', handler: api('health.ts', 'getHealth'), public: true },
  { method: 'GET', path: '/openapi.json', summary: 'This OpenAPI document', handler: api('openapi.ts', 'getOpenApi'), public: true },
  { method: 'GET', path: '/me', summary: 'The caller’s own record: unit, member record with mutual-aid cover and where it stands today, hardship file, declared household', handler: api('me.ts', 'getMyRecord') },
  { method: 'GET', path: '/org-units', summary: 'The org units with their names, parents and levels', handler: api('org-units.ts', 'listOrgUnits') },
  { method: 'GET', path: '/programs', summary: 'The programs, their form schemas and the policy in force for the caller', handler: api('programs.ts', 'listPrograms') },
  { method: 'GET', path: '/programs/{program}/policy', summary: 'The parameter version in force for an org unit on a date', handler: api('policies.ts', 'getPolicy') },
  { method: 'POST', path: '/programs/{program}/policy', summary: 'Publish a new parameter version (admin), validated by the program’s parameter schema', handler: api('policies.ts', 'publishPolicy') },
  { method: 'POST', path: '/programs/{program}/policy/simulate', summary: 'Re-decide past applications under a draft: who would change, and the cost difference', handler: api('policies.ts', 'simulatePolicy') },
  { method: 'POST', path: '/self-check', summary: 'Before applying: which programs the worker is likely eligible for, by the same rules; nothing stored', handler: api('self-check.ts', 'selfCheck') },
  { method: 'POST', path: '/applications', summary: 'A worker applies; starts the program’s state machine', handler: api('applications.ts', 'submitApplication') },
  { method: 'GET', path: '/applications', summary: 'Applications the caller may see (own, subtree, or all), newest first', handler: api('applications.ts', 'listApplications') },
  { method: 'GET', path: '/applications/{id}', summary: 'One application with its decision, approvals, payment and history', handler: api('applications.ts', 'getApplication') },
  { method: 'POST', path: '/applications/{id}/withdraw', summary: 'The applicant withdraws before approval', handler: api('applications.ts', 'withdrawApplication') },
  { method: 'POST', path: '/applications/{id}/appeal', summary: 'The applicant appeals a rejection, once', handler: api('applications.ts', 'appealApplication') },
  { method: 'GET', path: '/public-notices', summary: 'What is on public notice where the caller may object (their unit; officials their subtree)', handler: api('public-notices.ts', 'listPublicNotices') },
  { method: 'POST', path: '/applications/{id}/objections', summary: 'Any member objects during the public notice', handler: api('applications.ts', 'lodgeObjection') },
  { method: 'PUT', path: '/applications/{id}/bank-account', summary: 'The applicant corrects the bank account after a failed payment', handler: api('applications.ts', 'updateBankAccount') },
  { method: 'GET', path: '/approvals', summary: 'What this official may decide now, oldest first', handler: api('approvals.ts', 'listApprovals') },
  { method: 'POST', path: '/approvals/{applicationId}/decision', summary: 'An official approves or rejects the level they hold', handler: api('approvals.ts', 'decideApproval') },
  { method: 'POST', path: '/approvals/batch', summary: 'Several decisions with one comment; each recorded and sent on its own', handler: api('approvals.ts', 'decideBatch') },
  { method: 'GET', path: '/notifications', summary: 'Reminders and escalations for the official’s unit and level', handler: api('officials.ts', 'listMyNotifications') },
  { method: 'GET', path: '/colleagues', summary: 'The officials of the caller’s unit and level, by name (whom they may delegate to)', handler: api('officials.ts', 'listMyColleagues') },
  { method: 'POST', path: '/delegations', summary: 'An official hands their queue to a colleague of the same unit and level for a leave', handler: api('officials.ts', 'delegateQueue') },
  { method: 'GET', path: '/delegations', summary: 'Delegations the official gave and received', handler: api('officials.ts', 'listDelegations') },
  { method: 'GET', path: '/budgets', summary: 'Allocated, reserved and paid per program × org unit, with the execution rate', handler: api('budgets.ts', 'listBudgetsRoute') },
  { method: 'PUT', path: '/budgets/{program}/{year}/{orgUnit}', summary: 'Set an allocation (never below reserved + paid); parked applications resume in order', handler: api('budgets.ts', 'setBudget') },
  { method: 'GET', path: '/budget-rounds', summary: '二上二下 rounds of a year: proposed, control, detailed and approved figures beside last year’s actual; ?format=csv', handler: api('budget-rounds.ts', 'listBudgetRounds') },
  { method: 'POST', path: '/budget-rounds', summary: 'Finance of the unit above opens a year’s budget rounds of a program for units below it, with each step’s deadline', handler: api('budget-rounds.ts', 'openBudgetRounds') },
  { method: 'GET', path: '/budget-rounds/{year}/{program}/{orgUnit}', summary: 'One budget round: its steps, the unit’s demand of the last three years, its audit trail', handler: api('budget-rounds.ts', 'getBudgetRound') },
  { method: 'POST', path: '/budget-rounds/{year}/{program}/{orgUnit}/{step}', summary: 'Record the round’s next step (proposal, control, detailed, approval); the approval becomes the allocation', handler: api('budget-rounds.ts', 'recordBudgetStep') },
  { method: 'GET', path: '/budget-adjustments', summary: 'In-year budget adjustments (追加/调减) of a year', handler: api('budget-rounds.ts', 'listBudgetAdjustments') },
  { method: 'POST', path: '/budget-adjustments', summary: 'Ask for an in-year increase or decrease of an allocation, with a reason', handler: api('budget-rounds.ts', 'requestBudgetAdjustment') },
  { method: 'GET', path: '/budget-adjustments/{id}', summary: 'One budget adjustment with its audit trail', handler: api('budget-rounds.ts', 'getBudgetAdjustment') },
  { method: 'POST', path: '/budget-adjustments/{id}/decision', summary: 'Another finance user approves (the allocation moves, never below reserved + paid) or refuses an adjustment', handler: api('budget-rounds.ts', 'decideBudgetAdjustmentRoute') },
  { method: 'POST', path: '/payment-batches', summary: 'Gather approved, unpaid instructions (by program and org unit) into a batch', handler: api('payments.ts', 'createPaymentBatch') },
  { method: 'GET', path: '/payment-batches', summary: 'The payment batches, newest first', handler: api('payments.ts', 'listPaymentBatches') },
  { method: 'GET', path: '/payment-batches/{id}', summary: 'A batch and its instructions', handler: api('payments.ts', 'getPaymentBatch') },
  { method: 'POST', path: '/payment-batches/{id}/review', summary: 'A second finance user reviews a prepared batch (when three people sign it off)', handler: api('payments.ts', 'reviewPaymentBatch') },
  { method: 'POST', path: '/payment-batches/{id}/release', summary: 'Another finance user than the preparer (and reviewer) releases the batch', handler: api('payments.ts', 'releasePaymentBatch') },
  { method: 'GET', path: '/payment-batches/{id}/bank-file', summary: 'The bank transfer file of a released batch (text/csv), in the batch’s bank format; every download audited', handler: api('payments.ts', 'getBankFile') },
  { method: 'POST', path: '/payment-batches/{id}/bank-results', summary: 'The bank’s result file (text/csv): reconciles and applies it', handler: api('payments.ts', 'importBankResults') },
  { method: 'POST', path: '/payment-batches/{id}/conflicts/{instructionId}/resolution', summary: 'Record what the bank confirmed about a result that contradicts an earlier one', handler: api('payments.ts', 'resolvePaymentConflictRoute') },
  { method: 'GET', path: '/payment-rules', summary: 'Each program’s payment audit rule classes, warn or block', handler: api('payment-rules.ts', 'listPaymentRules') },
  { method: 'PUT', path: '/payment-rules/{program}', summary: 'Set a program’s payment audit rule classes to warn or block', handler: api('payment-rules.ts', 'setPaymentRules') },
  { method: 'GET', path: '/payment-instructions', summary: 'Payments the audit rules blocked (?state=blocked) or finance holds (?state=held)', handler: api('payment-rules.ts', 'listPaymentInstructionsRoute') },
  { method: 'POST', path: '/payment-instructions/{instructionId}/hold', summary: 'Hold a waiting payment out of batches, with a comment', handler: api('payment-rules.ts', 'holdPaymentInstructionRoute') },
  { method: 'POST', path: '/payment-instructions/{instructionId}/release-hold', summary: 'Let a held payment wait for the next batch again', handler: api('payment-rules.ts', 'releaseHoldRoute') },
  { method: 'GET', path: '/reconciliations/{batchId}', summary: 'Every line of a batch’s reconciliation, with totals', handler: api('payments.ts', 'getReconciliationRoute') },
  { method: 'GET', path: '/reports/payments', summary: 'One line per payment instruction of a year: program, unit, worker, masked account, amount, batch, status, dates; ?format=csv', handler: api('reports.ts', 'paymentDetailReport') },
  { method: 'GET', path: '/reports/disbursements', summary: 'Paid, reserved and failed by program, org unit and month, with execution rates; ?format=csv', handler: api('reports.ts', 'disbursementReport') },
  { method: 'GET', path: '/reports/evaluation', summary: '绩效评价 per program for a year and org unit: workers and households helped, amounts, days to pay, refusals, appeals, recoveries, call-backs, against the 二上 targets; ?format=csv', handler: api('evaluation.ts', 'evaluationReport') },
  { method: 'POST', path: '/call-back-samples', summary: 'Finance draws a random sample of paid applications for call-back verification (size CALLBACK_SAMPLE_SIZE)', handler: api('evaluation.ts', 'drawCallBackSampleRoute') },
  { method: 'GET', path: '/call-back-samples', summary: 'The year’s call-back samples and how far they have got', handler: api('evaluation.ts', 'listCallBackSamples') },
  { method: 'GET', path: '/call-back-samples/{id}', summary: 'One call-back sample: its applications and their results', handler: api('evaluation.ts', 'getCallBackSample') },
  { method: 'POST', path: '/call-back-samples/{id}/items/{applicationId}', summary: 'An official records a call-back: received, not received (opens a case), wrong amount, not reachable', handler: api('evaluation.ts', 'recordCallBackRoute') },
  { method: 'GET', path: '/cases', summary: 'Open cases on applications (a payment the worker says never came)', handler: api('evaluation.ts', 'listOpenCasesRoute') },
  { method: 'POST', path: '/applications/{id}/cases/{seq}/close', summary: 'Finance closes a case with what was found', handler: api('evaluation.ts', 'closeCase') },
  { method: 'POST', path: '/applications/{id}/recoveries', summary: 'Record an overpayment on a paid application, to be recovered or written off', handler: api('recoveries.ts', 'openRecovery') },
  { method: 'PUT', path: '/applications/{id}/recoveries/{seq}', summary: 'Settle a recovery: recovered or written off', handler: api('recoveries.ts', 'closeRecovery') },
  { method: 'GET', path: '/recoveries', summary: 'Overpayment recoveries by status', handler: api('recoveries.ts', 'listRecoveriesRoute') },
  { method: 'GET', path: '/audit/{applicationId}', summary: 'The audit events of one application, in order', handler: api('audit.ts', 'getAuditTrail') },
  { method: 'GET', path: '/audit/{applicationId}/verify', summary: 'Recompute the audit hash chain and name the first broken link', handler: api('audit.ts', 'verifyAuditTrail') },
];
