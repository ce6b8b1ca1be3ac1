import type { HandlerRef } from '../shared/handler-ref.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Route {
  method: HttpMethod;
  /** API Gateway path syntax: `/applications/{id}`. */
  path: string;
  handler: HandlerRef;
  /** Reachable without a token (no JWT authorizer). */
  public?: boolean;
}

const api = (file: string, exportName: string): HandlerRef => ({ file: `functions/api/${file}`, export: exportName });

/** The one route table: the CDK stack and the local API server are both built from it. */
export const routes: Route[] = [
  { method: 'GET', path: '/health', handler: api('health.ts', 'getHealth'), public: true },
  { method: 'GET', path: '/openapi.json', handler: api('openapi.ts', 'getOpenApi'), public: true },
  { method: 'GET', path: '/programs', handler: api('programs.ts', 'listPrograms') },
  { method: 'POST', path: '/applications', handler: api('applications.ts', 'submitApplication') },
  { method: 'GET', path: '/applications', handler: api('applications.ts', 'listApplications') },
  { method: 'GET', path: '/applications/{id}', handler: api('applications.ts', 'getApplication') },
  { method: 'POST', path: '/applications/{id}/withdraw', handler: api('applications.ts', 'withdrawApplication') },
  { method: 'POST', path: '/applications/{id}/appeal', handler: api('applications.ts', 'appealApplication') },
  { method: 'POST', path: '/applications/{id}/objections', handler: api('applications.ts', 'lodgeObjection') },
  { method: 'PUT', path: '/applications/{id}/bank-account', handler: api('applications.ts', 'updateBankAccount') },
  { method: 'GET', path: '/approvals', handler: api('approvals.ts', 'listApprovals') },
  { method: 'POST', path: '/approvals/{applicationId}/decision', handler: api('approvals.ts', 'decideApproval') },
];
