import { requiredDocuments } from '../domain/documents.ts';
import { nameIn, documentNames } from '../shared/code-names.ts';
import type { ApplicationDocument } from '../store/applications.ts';
import { attachDocumentUpdate, getDocuments } from '../store/documents.ts';
import type { FieldProblem } from '../shared/errors.ts';
import { ValidationError } from '../shared/errors.ts';

export interface Attachment {
  kind: string;
  documentId: string;
}

/**
 * The documents a submission (or an answer to a request) names, checked and ready to attach.
 * 1. Each must be a ready document `ownerSub` uploaded, of the kind it is named as, attached to
 *    nothing yet — else a field error at its place in `path`.
 * 2. Each kind of `mustHave` needs at least one (a required kind missing is a field error).
 * Returns the documents as the application records them and the writes that attach them (for the
 * transaction that records the application or the answer).
 */
export async function documentsToAttach(
  ownerSub: string,
  applicationId: string,
  attachments: Attachment[],
  mustHave: readonly string[],
  path: string,
  addedBy: { sub: string; name: string },
  at: string,
) {
  const stored = await getDocuments(attachments.map((attachment) => attachment.documentId));
  const problems: FieldProblem[] = [];
  attachments.forEach((attachment, index) => {
    const document = stored.get(attachment.documentId);
    if (!document || document.ownerSub !== ownerSub || document.applicationId) {
      problems.push({ path: `${path}.${index}.documentId`, message: { zh: '找不到这份已上传的材料，请重新上传', en: 'This uploaded document cannot be found; upload it again' } });
    } else if (document.status !== 'READY') {
      problems.push({ path: `${path}.${index}.documentId`, message: { zh: '这份材料尚未上传完成或未通过检查，请重新上传', en: 'This document has not finished uploading or was refused; upload it again' } });
    } else if (document.kind !== attachment.kind) {
      problems.push({ path: `${path}.${index}.kind`, message: { zh: '材料类别与上传时不一致', en: 'The kind differs from the one it was uploaded as' } });
    }
  });
  if (new Set(attachments.map((attachment) => attachment.documentId)).size < attachments.length) {
    problems.push({ path, message: { zh: '同一份材料不能重复添加', en: 'The same document is listed twice' } });
  }
  const kinds = new Set(attachments.map((attachment) => attachment.kind));
  for (const kind of mustHave.filter((required) => !kinds.has(required))) {
    const name = nameIn(documentNames, kind);
    problems.push({ path, message: { zh: `请上传${name.zh}（必需的材料）`, en: `Upload the ${name.en.toLowerCase()} (a required document)` } });
  }
  if (problems.length) throw new ValidationError(problems);
  const documents: ApplicationDocument[] = attachments.map((attachment) => {
    const document = stored.get(attachment.documentId)!;
    return { id: document.id, kind: document.kind, name: document.name, contentType: document.detectedType ?? document.contentType, size: document.size, addedAt: at, addedBy };
  });
  return { documents, writes: attachments.map((attachment) => attachDocumentUpdate(attachment.documentId, ownerSub, applicationId)) };
}

/** The kinds a program's applications must carry at submit. */
export const requiredKindsOf = (program: string): string[] => requiredDocuments[program] ?? [];
