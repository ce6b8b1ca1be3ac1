import * as z from 'zod';
import packageJson from '../../package.json' with { type: 'json' };
import { apiHandler, reply } from '../shared/http.ts';
import { routes } from './routes.ts';
import { assistedApplicationBody, bankAccountBody, listApplicationsQuery, reasonBody, submitApplicationBody } from './application-schemas.ts';
import { addDocumentsBody, createDocumentBody, documentReviewBody } from './document-schemas.ts';
import { batchDecisionBody, decisionBody, listApprovalsQuery } from './approvals-schemas.ts';
import { delegationBody } from './officials-schemas.ts';
import { policyQuery, publishBody, simulateBody } from './policies-schemas.ts';
import { allocationBody, budgetsQuery } from './budgets-schemas.ts';
import { callBackBody, closeCaseBody, drawSampleBody, evaluationQuery, samplesQuery } from './evaluation-schemas.ts';
import { adjustmentBody, adjustmentDecisionBody, adjustmentsQuery, openRoundsBody, roundsQuery, stepBody } from './budget-rounds-schemas.ts';
import { bankResultsBody, createBatchBody, reconciliationQuery, resolveConflictBody, signOffBody } from './payments-schemas.ts';
import { paymentDetailQuery, reportQuery } from './reports-schemas.ts';
import { holdBody, instructionsQuery, ruleSettingsBody } from './payment-rules-schemas.ts';
import { publicNoticesQuery } from './public-notices-schemas.ts';
import { selfCheckAnswers } from '../domain/self-check.ts';
import { closeRecoveryBody, openRecoveryBody, recoveriesQuery } from './recoveries-schemas.ts';
import { householdFilesQuery, householdReviewsQuery } from './household-files-schemas.ts';
import { campaignListBody, deliveryReceiptBody } from './campaigns-schemas.ts';
import { closeFileBody, fileEntryBody, openFileBody, retierFileBody, reviewFileBody } from '../domain/households/file.ts';
import { proposalsBody } from './partner-files-schemas.ts';

/** Request schemas by route; routes without an entry take no body or query. */
const requests: Record<string, { body?: z.ZodType; query?: z.ZodType; bodyType?: 'text/csv' }> = {
  'POST /self-check': { body: selfCheckAnswers },
  'GET /public-notices': { query: publicNoticesQuery },
  'POST /applications': { body: submitApplicationBody },
  'POST /applications/assisted': { body: assistedApplicationBody },
  'POST /documents': { body: createDocumentBody },
  'POST /applications/{id}/documents': { body: addDocumentsBody },
  'POST /applications/{id}/document-review': { body: documentReviewBody },
  'GET /applications': { query: listApplicationsQuery },
  'POST /applications/{id}/appeal': { body: reasonBody },
  'POST /applications/{id}/objections': { body: reasonBody },
  'PUT /applications/{id}/bank-account': { body: bankAccountBody },
  'GET /approvals': { query: listApprovalsQuery },
  'POST /approvals/{applicationId}/decision': { body: decisionBody },
  'POST /approvals/batch': { body: batchDecisionBody },
  'POST /delegations': { body: delegationBody },
  'GET /budgets': { query: budgetsQuery },
  'GET /reports/disbursements': { query: reportQuery },
  'GET /reports/payments': { query: paymentDetailQuery },
  'PUT /payment-rules/{program}': { body: ruleSettingsBody },
  'GET /payment-instructions': { query: instructionsQuery },
  'POST /payment-instructions/{instructionId}/hold': { body: holdBody },
  'POST /payment-batches/{id}/review': { body: signOffBody },
  'POST /payment-batches/{id}/release': { body: signOffBody },
  'POST /payment-batches/{id}/conflicts/{instructionId}/resolution': { body: resolveConflictBody },
  'POST /applications/{id}/recoveries': { body: openRecoveryBody },
  'PUT /applications/{id}/recoveries/{seq}': { body: closeRecoveryBody },
  'GET /recoveries': { query: recoveriesQuery },
  'POST /payment-batches': { body: createBatchBody },
  'POST /payment-batches/{id}/bank-results': { body: bankResultsBody, bodyType: 'text/csv' },
  'POST /proposals': { body: proposalsBody },
  'GET /reconciliations/{batchId}': { query: reconciliationQuery },
  'PUT /budgets/{program}/{year}/{orgUnit}': { body: allocationBody },
  'GET /budget-rounds': { query: roundsQuery },
  'GET /reports/evaluation': { query: evaluationQuery },
  'POST /call-back-samples': { body: drawSampleBody },
  'GET /call-back-samples': { query: samplesQuery },
  'POST /call-back-samples/{id}/items/{applicationId}': { body: callBackBody },
  'POST /applications/{id}/cases/{seq}/close': { body: closeCaseBody },
  'POST /budget-rounds': { body: openRoundsBody },
  'POST /budget-rounds/{year}/{program}/{orgUnit}/{step}': { body: stepBody },
  'GET /budget-adjustments': { query: adjustmentsQuery },
  'POST /budget-adjustments': { body: adjustmentBody },
  'POST /budget-adjustments/{id}/decision': { body: adjustmentDecisionBody },
  'GET /programs/{program}/policy': { query: policyQuery },
  'POST /programs/{program}/policy': { body: publishBody },
  'POST /programs/{program}/policy/simulate': { body: simulateBody },
  'GET /household-files': { query: householdFilesQuery },
  'POST /household-files': { body: openFileBody },
  'POST /household-files/{id}/retier': { body: retierFileBody },
  'POST /household-files/{id}/close': { body: closeFileBody },
  'POST /household-files/{id}/entries': { body: fileEntryBody },
  'POST /household-files/{id}/review': { body: reviewFileBody },
  'GET /household-reviews': { query: householdReviewsQuery },
  'POST /campaign-lists/{orgUnit}': { body: campaignListBody },
  'POST /applications/{id}/delivery-receipt': { body: deliveryReceiptBody },
};

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        fields: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
};

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' });

/** The OpenAPI 3.1 document of every route in the route table, with request schemas from the same zod schemas the handlers parse with. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const request = requests[`${route.method} ${route.path}`] ?? {};
    const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => ({ name: match[1], in: 'path', required: true, schema: { type: 'string' } }));
    const queryParameters = request.query
      ? Object.entries((jsonSchema(request.query) as { properties?: Record<string, unknown> }).properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema }))
      : [];
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      summary: route.summary,
      operationId: route.handler.export,
      ...(route.public ? { security: [] } : {}),
      parameters: [...pathParameters, ...queryParameters, { name: 'Accept-Language', in: 'header', required: false, schema: { type: 'string', default: 'zh-CN' } }],
      ...(request.body ? { requestBody: { required: true, content: { [request.bodyType ?? 'application/json']: { schema: jsonSchema(request.body) } } } } : {}),
      responses: {
        '200': { description: 'OK' },
        '4XX': { description: 'Bad input (400), no or bad token (401), not allowed (403), not found (404), conflict (409), too large (413)', content: { 'application/json': { schema: errorSchema } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'warmth', version: packageJson.version, description: 'Trade-union worker-assistance programs: applications, approvals, finance.' },
    components: { securitySchemes: { jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ jwt: [] }],
    paths,
  };
}

export const getOpenApi = apiHandler({ roles: 'public' }).handler(async () => reply(200, openApiDocument()));
