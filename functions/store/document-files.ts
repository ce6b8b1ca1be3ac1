import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { documentsBucket, s3 } from '../shared/s3.ts';

/**
 * The bytes of uploaded documents, in the private documents bucket. Nobody reaches the bucket but
 * through these URLs: a PUT signed for one key, one content type and one exact length, and a GET
 * signed for one key, each for a few minutes.
 */

/** How long an upload or a viewing URL stays valid. */
export const UPLOAD_URL_SECONDS = 15 * 60;
export const VIEW_URL_SECONDS = 5 * 60;

export const objectKeyOf = (documentId: string): string => `documents/${documentId}`;

/** A URL the browser PUTs the file to; S3 refuses another length or content type than signed. */
export async function uploadUrl(documentId: string, contentType: string, size: number): Promise<string> {
  return getSignedUrl(s3, new PutObjectCommand({ Bucket: documentsBucket(), Key: objectKeyOf(documentId), ContentType: contentType, ContentLength: size }), {
    expiresIn: UPLOAD_URL_SECONDS,
  });
}

/** A URL to view the document for a few minutes, shown inline with its recognised type. */
export async function viewUrl(documentId: string, contentType: string): Promise<string> {
  return getSignedUrl(
    s3,
    new GetObjectCommand({ Bucket: documentsBucket(), Key: objectKeyOf(documentId), ResponseContentType: contentType, ResponseContentDisposition: 'inline' }),
    { expiresIn: VIEW_URL_SECONDS },
  );
}

/** The stored object's size and its first bytes (enough to recognise the type), or undefined when nothing was uploaded. */
export async function headOf(documentId: string, bytes = 32): Promise<{ size: number; head: Uint8Array } | undefined> {
  try {
    // One ranged read: its Content-Range ("bytes 0-31/52114") gives the whole size, so no HEAD first.
    const out = await s3.send(new GetObjectCommand({ Bucket: documentsBucket(), Key: objectKeyOf(documentId), Range: `bytes=0-${bytes - 1}` }));
    const head = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    const size = Number(/\/(\d+)$/.exec(out.ContentRange ?? '')?.[1] ?? out.ContentLength ?? head.length);
    return { size, head: head.slice(0, bytes) };
  } catch (error) {
    const name = (error as { name?: string }).name;
    // Without s3:ListBucket, which would let the function list every document's key, S3 answers a
    // key nobody uploaded with AccessDenied rather than NoSuchKey; GetObject on documents/* is granted.
    if (name === 'NoSuchKey' || name === 'AccessDenied') return undefined;
    // An empty object has no byte 0 to range over.
    if (name === 'InvalidRange') return { size: 0, head: new Uint8Array() };
    throw error;
  }
}

export async function deleteObject(documentId: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: documentsBucket(), Key: objectKeyOf(documentId) }));
}
