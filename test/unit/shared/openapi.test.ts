import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../functions/api/openapi.ts';
import { routes } from '../../../functions/api/routes.ts';

/** Routes that change something without a body: the path says it all. */
const bodiless = new Set(['POST /applications/{id}/withdraw', 'POST /documents/{id}/check', 'POST /payment-instructions/{instructionId}/release-hold', 'POST /notifications/seen', 'POST /messages/read', 'POST /messages/{id}/read']);

describe('the OpenAPI document', () => {
  const document = openApiDocument() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>> };

  it('has every route of the table', () => {
    for (const route of routes) expect(document.paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
  });

  it('describes the body of every route that takes one, so a new route cannot forget it', () => {
    for (const route of routes.filter((candidate) => candidate.method === 'POST' || candidate.method === 'PUT')) {
      const key = `${route.method} ${route.path}`;
      const operation = document.paths[route.path]![route.method.toLowerCase()]!;
      if (bodiless.has(key)) expect(operation.requestBody, key).toBeUndefined();
      else expect(operation.requestBody, key).toBeDefined();
    }
  });

  it('takes the bank’s result file as text/csv', () => {
    expect(Object.keys(document.paths['/payment-batches/{id}/bank-results']!.post!.requestBody!.content)).toEqual(['text/csv']);
  });
});
