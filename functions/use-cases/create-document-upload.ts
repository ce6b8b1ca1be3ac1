import { randomBytes } from 'node:crypto';
import { acceptedTypes, acceptedTypesMessage, MAX_DOCUMENT_BYTES, type AcceptedType } from '../domain/documents.ts';
import { CONSENT_KIND, documentKindsOf } from '../domain/programs/document-kinds.ts';
import type { ProgramId } from '../domain/programs/types.ts';
import { uploadUrl, UPLOAD_URL_SECONDS } from '../store/document-files.ts';
import { createDocument } from '../store/documents.ts';
import { now } from '../shared/clock.ts';
import { ValidationError } from '../shared/errors.ts';
import type { Caller } from './access.ts';

export interface UploadRequest {
  program: ProgramId;
  kind: string;
  /** The file's name on the phone, shown beside its thumbnail. */
  name: string;
  contentType: string;
  size: number;
}

export interface UploadTicket {
  id: string;
  uploadUrl: string;
  /** Headers the PUT must send: the URL is signed for them. */
  headers: Record<string, string>;
  expiresAt: string;
}

/**
 * A worker (or an official filing for a member) is about to upload one document.
 * 1. The kind must be one the program's form asks for (the consent form only for an official).
 * 2. The announced type must be an accepted one and the size at most 10 MB (else a field error
 *    saying what is accepted) — S3 enforces both, as the URL is signed for that type and length.
 * 3. Record the document as UPLOADING in the caller's draft list, and sign a PUT URL for it.
 * The bytes are checked once uploaded (check-uploaded-document.ts).
 */
export async function createDocumentUpload(caller: Caller, request: UploadRequest): Promise<UploadTicket> {
  const kinds = [...documentKindsOf[request.program], ...(caller.groups.includes('official') ? [CONSENT_KIND] : [])];
  const problems = [];
  if (!kinds.includes(request.kind)) problems.push({ path: 'kind', message: { zh: '该项目不收这类材料', en: 'This program does not take this kind of document' } });
  if (!(acceptedTypes as readonly string[]).includes(request.contentType)) problems.push({ path: 'contentType', message: acceptedTypesMessage });
  if (request.size > MAX_DOCUMENT_BYTES) problems.push({ path: 'size', message: { zh: `文件过大（${(request.size / 1048576).toFixed(1)} MB）。${acceptedTypesMessage.zh}`, en: `The file is too large (${(request.size / 1048576).toFixed(1)} MB). ${acceptedTypesMessage.en}` } });
  if (problems.length) throw new ValidationError(problems, acceptedTypesMessage);

  const createdAt = now();
  const id = `DOC-${randomBytes(10).toString('hex').toUpperCase()}`;
  const contentType = request.contentType as AcceptedType;
  await createDocument({ id, ownerSub: caller.sub, kind: request.kind, name: request.name, contentType, size: request.size, createdAt: createdAt.toISOString(), status: 'UPLOADING' });
  return {
    id,
    uploadUrl: await uploadUrl(id, contentType, request.size),
    headers: { 'content-type': contentType },
    expiresAt: new Date(createdAt.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(),
  };
}
