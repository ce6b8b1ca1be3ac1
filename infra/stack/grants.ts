/**
 * What each function may do, by handler (`file#export`): exactly the AWS calls the handler makes.
 * test/infra/grants.test.ts holds every function's synthesized policy to the calls recorded while
 * the integration and browser suites ran (test/infra/aws-calls/): a call refused, or an action
 * granted and never made, fails it. A new handler needs an entry here (the synth fails without
 * one) and its recording.
 *
 * Resources follow from the action: table actions on the stage's table, `indexQuery` on its
 * indexes (`table/<name>/index/*`), workflow actions on every program's state machine (starting,
 * listing, answering task tokens) or on its executions (describing, stopping, redriving), S3
actions on the documents bucket's objects (`documents/*`), and `sms` as sns:Publish on `*` (an SMS
to a phone number has no ARN; the SMS sender's alone). Each
 * function serves every program (one function per handler, not per program), so no grant can be
 * narrowed to one program's machine; the ASL grants invocation per machine instead.
 */
export type TableAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem' | 'BatchWriteItem' | 'DescribeTable';
export type WorkflowAction = 'StartExecution' | 'ListExecutions' | 'SendTaskSuccess' | 'SendTaskFailure' | 'SendTaskHeartbeat' | 'DescribeExecution' | 'StopExecution' | 'RedriveExecution';

/** Workflow actions authorized on an execution's ARN; the others on the state machine's. */
export const executionActions: readonly WorkflowAction[] = ['DescribeExecution', 'StopExecution', 'RedriveExecution'];

/** KMS actions on the field key. */
export type FieldKeyAction = 'GenerateDataKey' | 'Decrypt';

/** S3 actions on the documents bucket's objects. */
export type DocumentAction = 'PutObject' | 'GetObject' | 'DeleteObject';

export interface Grant {
  table?: readonly TableAction[];
  /** dynamodb:Query on the table's indexes. */
  indexQuery?: true;
  workflows?: readonly WorkflowAction[];
  /** Reads the ID-hash key (secretsmanager:GetSecretValue on that secret). */
  idHashKey?: true;
  /**
   * The field key (FIELD_KEY_ID): `GenerateDataKey` to seal resident-ID and bank-card numbers,
   * `Decrypt` to open them (functions/store/sealed-fields.ts). Only the handlers that do either hold it.
   */
  fieldKey?: readonly FieldKeyAction[];
  /** Reads BATCH_SIGN_OFFS. */
  batchSignOffs?: true;
  /** Reads CALLBACK_SAMPLE_SIZE. */
  callBackSampleSize?: true;
  /** S3 actions on the documents bucket's objects (DOCUMENTS_BUCKET); presigning a URL needs the action it signs. */
  documents?: readonly DocumentAction[];
  /** sns:Publish of text messages (SMS_CHANNEL, SMS_SENDER_ID): the SMS sender only. */
  sms?: true;
}

export const grants: Record<string, Grant> = {
  'functions/api/health.ts#getHealth': { table: ['GetItem'] },
  // Serves a document built from the route table: no AWS call.
  'functions/api/openapi.ts#getOpenApi': {},
  'functions/api/me.ts#getMyRecord': { table: ['GetItem', 'Query'], indexQuery: true },
  'functions/api/org-units.ts#listOrgUnits': { indexQuery: true },
  'functions/api/programs.ts#listPrograms': { table: ['Query'], indexQuery: true },
  'functions/api/policies.ts#getPolicy': { table: ['Query'], indexQuery: true },
  'functions/api/policies.ts#publishPolicy': { table: ['GetItem', 'PutItem'], indexQuery: true },
  'functions/api/policies.ts#simulatePolicy': { table: ['BatchGetItem', 'Query'], indexQuery: true },
  'functions/api/self-check.ts#selfCheck': { table: ['GetItem', 'Query'], indexQuery: true },
  'functions/api/applications.ts#submitApplication': { table: ['BatchGetItem', 'ConditionCheckItem', 'GetItem', 'PutItem', 'UpdateItem'], workflows: ['StartExecution'], idHashKey: true, fieldKey: ['GenerateDataKey'] },
  'functions/api/applications.ts#listApplications': { indexQuery: true },
  // The decider's view opens the ID numbers and records that read (an audit event) first.
  'functions/api/applications.ts#getApplication': { table: ['GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true, fieldKey: ['Decrypt'] },
  'functions/api/applications.ts#withdrawApplication': { table: ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], workflows: ['StopExecution'] },
  'functions/api/applications.ts#appealApplication': { table: ['GetItem', 'PutItem', 'Query', 'UpdateItem'], workflows: ['SendTaskSuccess'] },
  'functions/api/public-notices.ts#listPublicNotices': { indexQuery: true },
  'functions/api/applications.ts#lodgeObjection': { table: ['GetItem', 'PutItem', 'UpdateItem'], indexQuery: true },
  'functions/api/applications.ts#updateBankAccount': { table: ['GetItem', 'PutItem', 'Query', 'UpdateItem'], workflows: ['SendTaskSuccess'], idHashKey: true, fieldKey: ['GenerateDataKey'] },
  'functions/api/applications.ts#fileAssistedApplication': { table: ['BatchGetItem', 'GetItem', 'PutItem', 'UpdateItem'], indexQuery: true, workflows: ['StartExecution'], idHashKey: true, fieldKey: ['GenerateDataKey'] },
  'functions/api/applications.ts#comparePolicies': { table: ['GetItem', 'Query'], indexQuery: true },
  'functions/api/approvals.ts#listApprovals': { table: ['GetItem', 'Query'], indexQuery: true },
  'functions/api/approvals.ts#decideApproval': { table: ['ConditionCheckItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true, workflows: ['SendTaskFailure', 'SendTaskSuccess'] },
  'functions/api/approvals.ts#decideBatch': { table: ['ConditionCheckItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true, workflows: ['SendTaskSuccess'] },
  'functions/api/officials.ts#listMyNotifications': { table: ['GetItem', 'Query'], indexQuery: true },
  'functions/api/officials.ts#listMyColleagues': { indexQuery: true },
  'functions/api/officials.ts#delegateQueue': { table: ['GetItem', 'PutItem'] },
  'functions/api/officials.ts#listDelegations': { table: ['Query'], indexQuery: true },
  'functions/api/officials.ts#markMyNotificationsSeen': { table: ['PutItem'] },
  'functions/api/budgets.ts#listBudgetsRoute': { table: ['Query'], indexQuery: true },
  'functions/api/budgets.ts#setBudget': { table: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true, workflows: ['SendTaskSuccess'] },
  'functions/api/budget-rounds.ts#listBudgetRounds': { table: ['Query'], indexQuery: true },
  'functions/api/budget-rounds.ts#openBudgetRounds': { table: ['PutItem'], indexQuery: true },
  'functions/api/budget-rounds.ts#getBudgetRound': { table: ['BatchGetItem', 'GetItem', 'Query'], indexQuery: true },
  'functions/api/budget-rounds.ts#recordBudgetStep': { table: ['GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true },
  'functions/api/budget-rounds.ts#listBudgetAdjustments': { indexQuery: true },
  'functions/api/budget-rounds.ts#requestBudgetAdjustment': { table: ['GetItem', 'PutItem'], indexQuery: true },
  'functions/api/budget-rounds.ts#getBudgetAdjustment': { table: ['GetItem'], indexQuery: true },
  // An increase releases the applications that were waiting for budget (as setBudget does).
  'functions/api/budget-rounds.ts#decideBudgetAdjustmentRoute': { table: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true, workflows: ['SendTaskSuccess'] },
  'functions/api/payments.ts#createPaymentBatch': { table: ['BatchGetItem', 'BatchWriteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true, batchSignOffs: true },
  'functions/api/payments.ts#listPaymentBatches': { indexQuery: true },
  'functions/api/payments.ts#getPaymentBatch': { table: ['BatchGetItem', 'GetItem', 'Query'] },
  'functions/api/payments.ts#reviewPaymentBatch': { table: ['GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  'functions/api/payments.ts#releasePaymentBatch': { table: ['GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  'functions/api/payments.ts#getBankFile': { table: ['GetItem', 'PutItem', 'Query', 'UpdateItem'], fieldKey: ['Decrypt'] },
  'functions/api/payments.ts#importBankResults': { table: ['BatchGetItem', 'BatchWriteItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], workflows: ['SendTaskFailure', 'SendTaskSuccess'] },
  'functions/api/payments.ts#resolvePaymentConflictRoute': { table: ['GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  'functions/api/payment-rules.ts#listPaymentRules': { table: ['GetItem'] },
  'functions/api/payment-rules.ts#setPaymentRules': { table: ['GetItem', 'PutItem'] },
  'functions/api/payment-rules.ts#listPaymentInstructionsRoute': { table: ['BatchGetItem', 'Query'], indexQuery: true },
  'functions/api/payment-rules.ts#holdPaymentInstructionRoute': { table: ['PutItem', 'Query', 'UpdateItem'] },
  'functions/api/payment-rules.ts#releaseHoldRoute': { table: ['PutItem', 'Query', 'UpdateItem'] },
  'functions/api/payments.ts#getReconciliationRoute': { table: ['GetItem', 'Query'] },
  'functions/api/reports.ts#paymentDetailReport': { table: ['BatchGetItem'], indexQuery: true },
  'functions/api/reports.ts#disbursementReport': { table: ['Query'], indexQuery: true },
  'functions/api/evaluation.ts#evaluationReport': { table: ['BatchGetItem', 'Query'], indexQuery: true },
  'functions/api/evaluation.ts#drawCallBackSampleRoute': { table: ['PutItem', 'Query'], indexQuery: true, callBackSampleSize: true },
  'functions/api/evaluation.ts#listCallBackSamples': { table: ['Query'], indexQuery: true },
  'functions/api/evaluation.ts#getCallBackSample': { table: ['Query'], indexQuery: true },
  'functions/api/evaluation.ts#recordCallBackRoute': { table: ['GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true },
  'functions/api/evaluation.ts#listOpenCasesRoute': { indexQuery: true },
  'functions/api/evaluation.ts#closeCase': { table: ['GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  'functions/api/recoveries.ts#openRecovery': { table: ['GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  'functions/api/recoveries.ts#closeRecovery': { table: ['GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  'functions/api/recoveries.ts#listRecoveriesRoute': { indexQuery: true },
  'functions/api/audit.ts#getAuditTrail': { table: ['BatchGetItem', 'GetItem', 'Query'], indexQuery: true },
  'functions/api/audit.ts#verifyAuditTrail': { table: ['GetItem', 'Query'], indexQuery: true },
  'functions/api/documents.ts#listMembers': { indexQuery: true },
  'functions/api/documents.ts#getMember': { table: ['GetItem', 'Query'], indexQuery: true },
  'functions/api/documents.ts#createDocument': { table: ['PutItem'], documents: ['PutObject'] },
  'functions/api/documents.ts#checkDocument': { table: ['GetItem', 'UpdateItem'], documents: ['DeleteObject', 'GetObject'] },
  'functions/api/documents.ts#deleteDocument': { table: ['DeleteItem', 'GetItem'], documents: ['DeleteObject'] },
  'functions/api/documents.ts#listApplicationDocuments': { table: ['GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true, documents: ['GetObject'] },
  'functions/api/documents.ts#addApplicationDocuments': { table: ['BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], workflows: ['SendTaskSuccess'] },
  'functions/api/documents.ts#reviewApplicationDocuments': { table: ['GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true, workflows: ['SendTaskFailure'] },
  // 免申即享 (proactive benefits).
  // 免申即享: one route, import and answers (a route of its own handler costs the app stack four resources).
  'functions/api/partner-files.ts#proposalsRoute': { table: ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true, idHashKey: true, fieldKey: ['GenerateDataKey'], workflows: ['StartExecution'] },
  'functions/api/messages.ts#listMyMessages': { table: ['GetItem', 'Query'] },
  'functions/api/messages.ts#markAllMessagesRead': { table: ['Query', 'UpdateItem'] },
  'functions/api/messages.ts#markMessageRead': { table: ['UpdateItem'] },
  'functions/api/household-files.ts#listHouseholdFilesRoute': { indexQuery: true },
  'functions/api/household-files.ts#householdWatchListsRoute': { table: ['Query'], indexQuery: true },
  'functions/api/household-files.ts#openHouseholdFileRoute': { table: ['BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true },
  'functions/api/household-files.ts#getHouseholdFileRoute': { table: ['BatchGetItem', 'GetItem', 'Query'], indexQuery: true },
  'functions/api/household-files.ts#retierHouseholdFileRoute': { table: ['BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true },
  'functions/api/household-files.ts#closeHouseholdFileRoute': { table: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true },
  'functions/api/household-files.ts#recordHouseholdVisitRoute': { table: ['BatchGetItem', 'GetItem', 'PutItem', 'Query'], indexQuery: true },
  'functions/api/household-files.ts#reviewHouseholdFileRoute': { table: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true },
  'functions/api/household-files.ts#listHouseholdReviewsRoute': { indexQuery: true },
  'functions/api/household-files.ts#getMyHouseholdFile': { table: ['GetItem', 'Query'], indexQuery: true },
  'functions/api/campaigns.ts#getCampaignListRoute': { table: ['GetItem', 'Query'], indexQuery: true },
  'functions/api/campaigns.ts#submitCampaignListRoute': { table: ['GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true, workflows: ['StartExecution'] },
  'functions/api/campaigns.ts#recordDeliveryReceiptRoute': { table: ['BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true, workflows: ['SendTaskSuccess'] },
  'functions/steps/check-eligibility.ts#handler': { table: ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true },
  'functions/steps/plan-approval.ts#handler': { table: ['GetItem', 'Query'] },
  // A level decided before its (re-driven) task stored its token is answered by the task itself.
  'functions/steps/request-approval.ts#handler': { table: ['GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true, workflows: ['SendTaskSuccess'] },
  'functions/steps/approval-overdue.ts#handler': { table: ['GetItem', 'PutItem', 'Query', 'UpdateItem'], indexQuery: true },
  'functions/steps/close-application.ts#handler': { table: ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  'functions/steps/start-notice.ts#handler': { table: ['GetItem', 'PutItem', 'UpdateItem'] },
  'functions/steps/conclude-notice.ts#handler': { table: ['GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  // DeleteItem: a parked application leaves the queue awaiting budget in its reservation's transaction.
  'functions/steps/reserve-budget.ts#handler': { table: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'UpdateItem'], indexQuery: true },
  'functions/steps/record-payment.ts#handler': { table: ['GetItem', 'PutItem', 'Query', 'UpdateItem'] },
  // A wait whose event happened before its token was stored (an appeal sent at once, a re-drive) answers itself.
  'functions/steps/await-event.ts#handler': { table: ['GetItem', 'Query', 'UpdateItem'], workflows: ['SendTaskSuccess'] },
  'functions/steps/needs-attention.ts#handler': { table: ['GetItem', 'PutItem', 'UpdateItem'] },
  'functions/steps/documents-overdue.ts#handler': { table: ['GetItem', 'PutItem', 'UpdateItem'] },
  'functions/scheduled/sweep-workflows.ts#handler': { table: ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], workflows: ['DescribeExecution', 'ListExecutions', 'RedriveExecution', 'StartExecution'] },
  'functions/scheduled/send-text-messages.ts#handler': { table: ['BatchGetItem', 'UpdateItem'], indexQuery: true, sms: true },
};

export function grantOf(handler: string): Grant {
  const grant = grants[handler];
  if (!grant) throw new Error(`${handler} has no grant in infra/stack/grants.ts: add one with exactly the calls it makes (and record them: test/infra/grants.test.ts).`);
  return grant;
}
