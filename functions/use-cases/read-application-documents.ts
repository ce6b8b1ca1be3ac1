import { appendAuditEvent, getApplication } from '../store/applications.ts';
import { listApprovalsOf } from '../store/approvals.ts';
import { viewUrl, VIEW_URL_SECONDS } from '../store/document-files.ts';
import { loadOrgTree } from '../store/directory.ts';
import { nowIso } from '../shared/clock.ts';
import { mayReadDocuments, maySee, type Caller } from './access.ts';
import { applicationNotFound } from './application-errors.ts';
import { ForbiddenError } from '../shared/errors.ts';

/**
 * Someone opens an application's documents (thumbnails, full view, PDFs).
 * 1. The application must be visible (else 404), and the caller its applicant, the official who
 *    filed it, or an official of a deciding unit (else 403: finance and other units see that there
 *    are documents, not what they show).
 * 2. Record the read in the application's audit trail (DOCUMENT_READ, naming the documents), then
 *    sign a short-lived viewing URL for each — no URL is handed out without its audit event.
 */
export async function readApplicationDocuments(caller: Caller, applicationId: string, requestId: string | undefined) {
  const [application, tree] = await Promise.all([getApplication(applicationId), loadOrgTree()]);
  if (!application || !maySee(caller, application, tree)) throw applicationNotFound();
  const approvals = await listApprovalsOf(application.id);
  if (!mayReadDocuments(caller, application, tree, approvals)) {
    throw new ForbiddenError({ zh: '只有申请人和负责审批的工会人员可以查看证明材料', en: 'Only the applicant and the officials who decide it may see the documents' });
  }
  const documents = application.documents ?? [];
  const role = caller.sub === application.applicant.sub ? ('worker' as const) : ('official' as const);
  await appendAuditEvent(application.id, {
    actor: { sub: caller.sub, name: caller.name, role, orgUnit: caller.orgUnit },
    action: 'DOCUMENT_READ',
    after: { documents: documents.map((document) => document.id) },
    ...(requestId ? { requestId } : {}),
  });
  const expiresAt = new Date(Date.parse(nowIso()) + VIEW_URL_SECONDS * 1000).toISOString();
  return {
    items: await Promise.all(documents.map(async (document) => ({ ...document, url: await viewUrl(document.id, document.contentType), expiresAt }))),
    review: application.documentReview ?? {},
    request: application.documentsRequest,
  };
}
