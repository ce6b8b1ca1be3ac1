import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** The local ID-hash secret's name, as ID_HASH_SECRET names the real one on AWS. */
export const LOCAL_ID_HASH_SECRET = 'warmth-local/id-hash-key';

/**
 * The ID-hash keys of a local installation, `{ current, 1: key, … }` as on AWS, kept in the data folder
 * (mode 600). A folder from before key versions has `id-hash.key`: it becomes version 1, so its
 * stored hashes still match.
 */
export function idHashKeysFile(dataDir: string): string {
  const file = join(dataDir, 'id-hash-keys.json');
  if (!existsSync(file)) {
    const legacy = join(dataDir, 'id-hash.key');
    const first = existsSync(legacy) ? readFileSync(legacy, 'utf8').trim() : randomBytes(32).toString('hex');
    writeFileSync(file, JSON.stringify({ current: '1', '1': first }), { mode: 0o600 });
  }
  return file;
}

export interface LocalSecretsManager {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Stands in for Secrets Manager's GetSecretValue (its JSON protocol), so the handlers read the key
 * through the real SDK client, as on AWS: AWS_ENDPOINT_URL_SECRETS_MANAGER points the client here.
 * It serves that one secret, read from the file on every call (a rotation takes effect at once
 * here; on AWS within the functions' five-minute cache).
 */
export async function startLocalSecretsManager(dataDir: string): Promise<LocalSecretsManager> {
  const file = idHashKeysFile(dataDir);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(body));
      };
      const target = String(request.headers['x-amz-target'] ?? '');
      let input: { SecretId?: string } = {};
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: string };
      } catch {
        return reply(400, { __type: 'InvalidRequestException', message: 'not JSON' });
      }
      if (target !== 'secretsmanager.GetSecretValue') return reply(400, { __type: 'InvalidRequestException', message: `the local stand-in serves GetSecretValue only, not ${target}` });
      if (input.SecretId !== LOCAL_ID_HASH_SECRET) return reply(400, { __type: 'ResourceNotFoundException', message: `no secret ${String(input.SecretId)}` });
      reply(200, { ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${LOCAL_ID_HASH_SECRET}`, Name: LOCAL_ID_HASH_SECRET, VersionId: 'local', SecretString: readFileSync(file, 'utf8'), VersionStages: ['AWSCURRENT'], CreatedDate: 0 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The local field key (FIELD_KEY_FILE): 256 bits under the data folder (mode 600) that wrap the data
 * keys sealing resident-ID and bank-card numbers, as the KMS key does on AWS (functions/store/field-keys.ts).
 * Made once; losing it loses every sealed number, so it is backed up with the data folder.
 */
export function fieldKeyFile(dataDir: string): string {
  const file = join(dataDir, 'field-key.hex');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  return file;
}
