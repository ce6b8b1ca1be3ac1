import { deleteObject } from '../store/document-files.ts';
import { deleteDraftDocument, getDocument } from '../store/documents.ts';
import { ConflictError, NotFoundError } from '../shared/errors.ts';
import type { Caller } from './access.ts';

/**
 * The worker removes a photo from the draft before sending.
 * 1. Only the uploader's own document (else 404).
 * 2. One that an application carries stays (409): it is part of what was sent.
 * 3. Delete the record, then the bytes.
 */
export async function removeDraftDocument(caller: Caller, documentId: string): Promise<void> {
  const document = await getDocument(documentId);
  if (!document || document.ownerSub !== caller.sub) throw new NotFoundError({ zh: '未找到该材料', en: 'No such document' });
  if (document.applicationId || !(await deleteDraftDocument(documentId))) {
    throw new ConflictError('DOCUMENT_SENT', { zh: '该材料已随申请提交，不能删除', en: 'This document was sent with an application and cannot be removed' });
  }
  await deleteObject(documentId);
}
