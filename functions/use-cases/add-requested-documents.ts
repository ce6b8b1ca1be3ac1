import { getApplication, transitionApplication } from '../store/applications.ts';
import { documentNames, nameIn, statusNames } from '../shared/code-names.ts';
import { nowIso } from '../shared/clock.ts';
import { ConflictError } from '../shared/errors.ts';
import type { Caller } from './access.ts';
import { applicationNotFound } from './application-errors.ts';
import { documentsToAttach, type Attachment } from './documents-to-attach.ts';
import { resumeWaiting } from './resume-waiting-workflow.ts';

/**
 * The worker adds the documents an official asked for, from the application page.
 * 1. Only the applicant's own application (else 404), while documents are requested (else 409).
 * 2. The documents must be the worker's own uploads, recognised, and cover every requested kind
 *    (else field errors under `documents`).
 * 3. Attach them and move the application back to PENDING_APPROVAL (one transaction, audited);
 *    the requested kinds' verdicts are cleared for the official to look again.
 * 4. Resume the workflow's documents wait: the approval goes back to the level that asked.
 */
export async function addRequestedDocuments(caller: Caller, applicationId: string, attachments: Attachment[], requestId: string | undefined) {
  const application = await getApplication(applicationId);
  if (!application || application.applicant.sub !== caller.sub) throw applicationNotFound();
  const request = application.documentsRequest;
  if (application.status !== 'DOCUMENTS_REQUESTED' || !request) {
    const status = nameIn(statusNames, application.status);
    throw new ConflictError('WRONG_STATE', { zh: `申请当前状态为“${status.zh}”，无需补充材料`, en: `The application is ${status.en.toLowerCase()}; no documents are asked for` });
  }
  const at = nowIso();
  const attached = await documentsToAttach(caller.sub, application.id, attachments, request.kinds, 'documents', { sub: caller.sub, name: caller.name }, at);
  const documentReview = Object.fromEntries(Object.entries(application.documentReview ?? {}).filter(([kind]) => !request.kinds.includes(kind)));
  const kinds = request.kinds.map((kind) => nameIn(documentNames, kind));
  const changed = await transitionApplication(application.id, {
    from: ['DOCUMENTS_REQUESTED'],
    to: 'PENDING_APPROVAL',
    actor: { sub: caller.sub, name: caller.name, role: 'worker', orgUnit: caller.orgUnit },
    action: 'ADD_DOCUMENTS',
    requestId,
    note: { zh: `申请人已补充材料：${kinds.map((kind) => kind.zh).join('、')}`, en: `The applicant added documents: ${kinds.map((kind) => kind.en.toLowerCase()).join(', ')}` },
    set: { documents: [...(application.documents ?? []), ...attached.documents], documentReview, documentsRequest: { ...request, answeredAt: at } },
    with: attached.writes,
  });
  if (!changed) throw new ConflictError('WRONG_STATE', { zh: '申请状态已变化，请刷新后再试', en: 'The application changed meanwhile; reload and try again' });
  await resumeWaiting(application.id, 'documents');
  return { id: application.id, status: 'PENDING_APPROVAL' as const };
}
