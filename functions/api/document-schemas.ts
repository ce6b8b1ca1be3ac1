import * as z from 'zod';
import { documentVerdicts, MAX_DOCUMENTS } from '../domain/documents.ts';
import { documentId } from '../domain/programs/common.ts';
import { programIds } from '../domain/programs/index.ts';
import type { ProgramId } from '../domain/programs/types.ts';

// The documents routes' request schemas, apart from their handlers so that /openapi.json
// describes them without bundling the handlers (and their S3 client) into its function.

export const createDocumentBody = z.object({
  program: z.enum(programIds as [ProgramId, ...ProgramId[]]),
  kind: z.string().min(1).max(40),
  name: z.string().trim().min(1).max(200),
  // Checked against the accepted types by the use case, so the refusal says what is accepted.
  contentType: z.string().trim().toLowerCase().max(100),
  size: z.int().min(1).max(1_000_000_000),
});

export const documentReviewBody = z.object({
  reviews: z.array(z.object({ kind: z.string().min(1).max(40), verdict: z.enum(documentVerdicts), note: z.string().trim().max(200).optional() })).min(1).max(20),
});

export const addDocumentsBody = z.object({ documents: z.array(z.object({ kind: z.string().min(1).max(40), documentId })).min(1).max(MAX_DOCUMENTS) });
