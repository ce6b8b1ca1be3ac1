import * as z from 'zod';
import { documentId } from '../domain/programs/common.ts';
import { addDocumentsBody, createDocumentBody, documentReviewBody } from './document-schemas.ts';
import { listMembersOf, loadOrgTree } from '../store/directory.ts';
import { apiHandler, reply } from '../shared/http.ts';
import { visibleOrgUnits, type Caller } from '../use-cases/access.ts';
import { addRequestedDocuments } from '../use-cases/add-requested-documents.ts';
import { checkUploadedDocument } from '../use-cases/check-uploaded-document.ts';
import { createDocumentUpload } from '../use-cases/create-document-upload.ts';
import { readApplicationDocuments } from '../use-cases/read-application-documents.ts';
import { readMemberForOfficial } from '../use-cases/read-member-record.ts';
import { removeDraftDocument } from '../use-cases/remove-draft-document.ts';
import { reviewDocuments } from '../use-cases/review-documents.ts';

const documentParams = z.object({ id: documentId });
const idParams = z.object({ id: z.string().min(1).max(80) });

/** Before uploading a photo or PDF: a URL to PUT it to, signed for its type and size (see the use case). */
export const createDocument = apiHandler({ roles: ['worker', 'official'], body: createDocumentBody }).handler(async ({ auth, body }) => reply(201, await createDocumentUpload(auth as Caller, body)));

/** After the PUT: the bytes are checked; READY, or 400 saying what is accepted. */
export const checkDocument = apiHandler({ roles: ['worker', 'official'], params: documentParams }).handler(async ({ auth, params }) => {
  const document = await checkUploadedDocument(auth as Caller, params.id);
  return reply(200, { id: document.id, kind: document.kind, name: document.name, status: document.status, contentType: document.detectedType, size: document.size });
});

/** A draft's document removed before sending. */
export const deleteDocument = apiHandler({ roles: ['worker', 'official'], params: documentParams }).handler(async ({ auth, params }) => {
  await removeDraftDocument(auth as Caller, params.id);
  return reply(200, { id: params.id, removed: true });
});

/** The application's documents with short-lived viewing URLs; every call is in the audit trail. */
export const listApplicationDocuments = apiHandler({ roles: ['worker', 'official', 'finance', 'admin'], params: idParams }).handler(async ({ auth, params, requestId }) =>
  reply(200, await readApplicationDocuments(auth as Caller, params.id, requestId)),
);

/** The deciding official marks kinds accepted, missing or unreadable; the last two ask the worker for them. */
export const reviewApplicationDocuments = apiHandler({ roles: ['official'], params: idParams, body: documentReviewBody }).handler(async ({ auth, params, body, requestId }) =>
  reply(200, await reviewDocuments(auth as Caller, params.id, body.reviews, requestId)),
);

/** The worker adds the documents asked for; the approval resumes. */
export const addApplicationDocuments = apiHandler({ roles: ['worker'], params: idParams, body: addDocumentsBody }).handler(async ({ auth, params, body, requestId }) =>
  reply(200, await addRequestedDocuments(auth as Caller, params.id, body.documents, requestId)),
);

/** Members of the official's part of the union, by name: whom they may file an assisted application for. */
export const listMembers = apiHandler({ roles: ['official'] }).handler(async ({ auth }) => {
  const caller = auth as Caller;
  const tree = await loadOrgTree();
  const members = await listMembersOf(visibleOrgUnits(caller, tree));
  return reply(200, { items: members.map((member) => ({ ...member, orgUnitName: tree.get(member.orgUnit)?.name })) });
});

/** One member of the official's part of the union with their record (plans and cover), for filing on their behalf. */
export const getMember = apiHandler({ roles: ['official'], params: z.object({ sub: z.string().min(1).max(80) }) }).handler(async ({ auth, params, lang }) =>
  reply(200, await readMemberForOfficial(auth as Caller, params.sub, await loadOrgTree(), lang)),
);
