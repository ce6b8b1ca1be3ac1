import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';
import s3rverAccounts from 's3rver/lib/models/account.js';

export interface LocalS3 {
  endpoint: string;
  stop(): Promise<void>;
}

/** The bucket the local runtime keeps documents in (DOCUMENTS_BUCKET). */
export const LOCAL_DOCUMENTS_BUCKET = 'warmth-documents';

/**
 * A real S3-compatible server for the documents (s3rver, pure JavaScript, from npm): the SDK's
 * PutObject/HeadObject/GetObject/DeleteObject and presigned PUT and GET URLs work against it as
 * against S3. Bound to 127.0.0.1 on a free port, files under `directory` (kept across restarts).
 * The browser PUTs to it from the web app's origin, so the bucket carries a CORS rule for that
 * origin, as the AWS bucket does for the CloudFront one. s3rver knows one key pair; the local
 * runtime's (the emulators' fake credentials) is added to it. It does not verify SigV4 signatures,
 * so locally the type and length a PUT URL is signed for are not enforced by the server — the
 * check after the upload (its stored size and first bytes) is what refuses a wrong file, here
 * and on AWS alike.
 */
export async function startLocalS3(options: { directory: string; webOrigin: string; accessKeyId: string; secretAccessKey: string }): Promise<LocalS3> {
  mkdirSync(options.directory, { recursive: true });
  s3rverAccounts.DUMMY_ACCOUNT.createKeyPair(options.accessKeyId, options.secretAccessKey);
  const cors = `<CORSConfiguration><CORSRule><AllowedOrigin>${options.webOrigin}</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>`;
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: options.directory,
    configureBuckets: [{ name: LOCAL_DOCUMENTS_BUCKET, configs: [cors] }],
  });
  const address = await server.run();
  return { endpoint: `http://127.0.0.1:${address.port}`, stop: () => server.close() };
}
