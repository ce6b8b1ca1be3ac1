import { acceptedTypesMessage, MAX_DOCUMENT_BYTES, sniffDocumentType } from '../domain/documents.ts';
import { deleteObject, headOf } from '../store/document-files.ts';
import { getDocument, recordCheck, type StoredDocument } from '../store/documents.ts';
import { nowIso } from '../shared/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.ts';
import type { Caller } from './access.ts';
import { begun } from '../shared/bounded.ts';

const documentNotFound = () => new NotFoundError({ zh: '未找到该材料', en: 'No such document' });

/**
 * After the browser's PUT: are the stored bytes what we accept?
 * 1. Only the uploader's own document (else 404); one checked already answers as it was.
 * 2. Nothing stored yet is a 409 (upload first).
 * 3. Read the size and the first bytes from S3: a JPEG, PNG, HEIC/HEIF, WebP or PDF of at most
 *    10 MB is READY, with the type its bytes show; anything else is REFUSED, its bytes deleted, and
 *    the answer is a 400 that says what is accepted.
 */
export async function checkUploadedDocument(caller: Caller, documentId: string): Promise<StoredDocument> {
  // The stored bytes' head is read while the record is, and looked at only for the owner's
  // document that waits for its check (a failed read of it matters only then).
  const head = begun(headOf(documentId));
  const document = await getDocument(documentId);
  if (!document || document.ownerSub !== caller.sub) throw documentNotFound();
  if (document.status === 'READY') return document;
  if (document.status === 'REFUSED') throw refused();
  const stored = await head();
  if (!stored) throw new ConflictError('NOT_UPLOADED', { zh: '文件尚未上传完成，请重新上传', en: 'The file has not been uploaded yet; upload it again' });
  const detectedType = sniffDocumentType(stored.head);
  const at = nowIso();
  if (!detectedType || stored.size > MAX_DOCUMENT_BYTES) {
    await recordCheck(documentId, { status: 'REFUSED' }, at);
    await deleteObject(documentId);
    throw refused();
  }
  // The write returns the document as recorded; only one checked at the same moment by another request is read again.
  return (await recordCheck(documentId, { status: 'READY', detectedType, size: stored.size }, at)) ?? (await getDocument(documentId)) ?? document;
}

const refused = () =>
  new ValidationError([{ path: 'file', message: { zh: `这个文件无法识别。${acceptedTypesMessage.zh}`, en: `This file could not be recognised. ${acceptedTypesMessage.en}` } }], acceptedTypesMessage);
