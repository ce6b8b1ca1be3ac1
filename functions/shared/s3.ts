import { S3Client } from '@aws-sdk/client-s3';
import { recordAwsCalls } from './aws-calls.ts';

/**
 * One client per module load. On AWS it needs nothing; locally the runtime sets
 * AWS_ENDPOINT_URL_S3 (which the SDK reads) to its S3-compatible server, which names buckets in
 * the path. Checksums only when an operation requires one: a presigned PUT must not carry the
 * checksum of an empty body, or the upload it is for would be refused.
 */
// Not traced (functions/shared/tracing.ts): X-Ray's middleware could put its trace header among a
// presigned URL's signed headers, which the browser's PUT and GET do not send.
export const s3 = recordAwsCalls(
  new S3Client({
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  }),
  's3',
);

/** The private bucket of uploaded documents (DOCUMENTS_BUCKET, set by the stack or the local runtime). */
export function documentsBucket(): string {
  const bucket = process.env.DOCUMENTS_BUCKET;
  if (!bucket) throw new Error('DOCUMENTS_BUCKET is not set');
  return bucket;
}
