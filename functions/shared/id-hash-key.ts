import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { recordAwsCalls, recordStandInCall } from './aws-calls.ts';
import { traced } from './tracing.ts';

/**
 * The keys of the HMAC over resident ID numbers, read at run time from Secrets Manager (never from
 * the function's environment), as flat JSON `{ "current": "2", "1": "…", "2": "…" }` (flat, so that
 * Secrets Manager can generate the first key into it).
 * Rotation adds a version and makes it current; the older versions stay, so that a claim hashed
 * under any of them is still found (README, "Rotating the ID-hash key").
 */
export interface IdHashKeys {
  current: string;
  keys: Record<string, string>;
}

/** One client per module load; the SDK reads AWS_ENDPOINT_URL_SECRETS_MANAGER, which the local runtime sets. */
const secrets = recordAwsCalls(traced(new SecretsManagerClient({ requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 } })), 'secretsmanager');

/** A warm function reads the secret again after five minutes: a rotation reaches every function within that. */
const CACHE_MS = 5 * 60_000;
let cached: { at: number; keys: Promise<IdHashKeys> } | undefined;

function parseKeys(text: string): IdHashKeys {
  const { current, ...keys } = JSON.parse(text) as Record<string, unknown>;
  const valid = typeof current === 'string' && typeof keys[current] === 'string' && Object.values(keys).every((key) => typeof key === 'string' && key.length >= 32);
  if (!valid) throw new Error('the ID-hash secret is not {"current": version, version: key, …} with the current version among the keys, each of 32 characters or more');
  return { current, keys: keys as Record<string, string> };
}

export function idHashKeys(): Promise<IdHashKeys> {
  const secretId = process.env.ID_HASH_SECRET;
  if (!secretId) throw new Error('ID_HASH_SECRET is not set');
  if (cached && Date.now() - cached.at < CACHE_MS) {
    // A cached read is still a read as IAM sees it: locally every handler shares this process's cache.
    recordStandInCall('secretsmanager', 'GetSecretValue', { SecretId: secretId });
    return cached.keys;
  }
  const keys = secrets.send(new GetSecretValueCommand({ SecretId: secretId })).then((out) => parseKeys(out.SecretString ?? ''));
  cached = { at: Date.now(), keys };
  // A failed read is not kept: the next request tries again.
  keys.catch(() => (cached = undefined));
  return keys;
}

/** Forgets the cached keys (a test that rotates them; on AWS the cache simply expires). */
export function resetIdHashKeyCache(): void {
  cached = undefined;
}
