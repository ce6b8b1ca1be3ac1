import { getApplication, transitionApplication } from '../store/applications.ts';
import { workflowActor } from '../store/types.ts';
import { documentNames, nameIn } from '../shared/code-names.ts';
import { nowIso } from '../shared/clock.ts';

/**
 * The deadline of a documents request passed without an answer (the workflow's documents wait
 * timed out).
 * 1. Nothing to do unless the application still waits for documents (answered or withdrawn meanwhile).
 * 2. Move it back to PENDING_APPROVAL, noting which kinds never came: the level that asked decides
 *    on what it has — usually a rejection, which the worker may appeal.
 */
export async function expireDocumentsRequest(applicationId: string): Promise<void> {
  const application = await getApplication(applicationId);
  const request = application?.documentsRequest;
  if (!application || application.status !== 'DOCUMENTS_REQUESTED' || !request) return;
  const kinds = request.kinds.map((kind) => nameIn(documentNames, kind));
  await transitionApplication(application.id, {
    from: ['DOCUMENTS_REQUESTED'],
    to: 'PENDING_APPROVAL',
    actor: workflowActor,
    action: 'DOCUMENTS_REQUEST_EXPIRED',
    note: {
      zh: `补充材料期限已过，未收到：${kinds.map((kind) => kind.zh).join('、')}；退回审批人按现有材料决定`,
      en: `The deadline for documents passed without ${kinds.map((kind) => kind.en.toLowerCase()).join(', ')}; back to the official to decide on what there is`,
    },
    set: { documentsRequest: { ...request, expiredAt: nowIso() } },
  });
}
