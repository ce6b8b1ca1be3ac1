import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { recordAwsCalls, recordStandInCall } from '../shared/aws-calls.ts';
import { traced } from '../shared/tracing.ts';

/**
 * The data keys that seal sensitive fields (envelope encryption): a 256-bit key encrypts the
 * fields, and is itself kept, encrypted under the field key, beside them.
 * - On AWS, FIELD_KEY_ID names a KMS key: data keys come from kms:GenerateDataKey and are opened
 *   by kms:Decrypt (the SDK reads AWS_ENDPOINT_URL_KMS, should KMS be reached at another endpoint).
 * - On one machine, FIELD_KEY_FILE names a 256-bit key under DATA_DIR (the local runtime creates it,
 *   infra/local/field-key.ts): data keys are made here and wrapped with it by AES-256-GCM.
 * Cached as the AWS Encryption SDK's caching materials manager does: one data key seals for up to
 * five minutes or 10,000 fields, and an opened data key is kept (up to 1,000 of them), so sealing or
 * opening a field is not a KMS call each.
 */
export interface DataKey {
  plaintext: Buffer;
  /** The data key encrypted under the field key (what is stored). */
  encrypted: Buffer;
}

const ENCRYPTION_CONTEXT = { purpose: 'warmth-sensitive-fields' };
const SEAL_FOR_MS = 5 * 60_000;
const SEAL_AT_MOST = 10_000;
const OPENED_AT_MOST = 1_000;

interface Keyring {
  generate(): Promise<DataKey>;
  open(encrypted: Buffer): Promise<Buffer>;
}

let kms: KMSClient | undefined;
function kmsKeyring(keyId: string): Keyring {
  kms ??= recordAwsCalls(traced(new KMSClient({ requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 } })), 'kms');
  const client = kms;
  return {
    async generate() {
      const out = await client.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: ENCRYPTION_CONTEXT }));
      if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS returned no data key');
      return { plaintext: Buffer.from(out.Plaintext), encrypted: Buffer.from(out.CiphertextBlob) };
    },
    async open(encrypted) {
      const out = await client.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: encrypted, EncryptionContext: ENCRYPTION_CONTEXT }));
      if (!out.Plaintext) throw new Error('KMS returned no plaintext');
      return Buffer.from(out.Plaintext);
    },
  };
}

/** The local stand-in: the wrapping key from FIELD_KEY_FILE; each use is recorded as the KMS call it stands in for. */
function localKeyring(file: string): Keyring {
  let master: Buffer | undefined;
  const key = () => {
    master ??= Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
    if (master.length !== 32) throw new Error(`${file} does not hold a 256-bit key (64 hex digits)`);
    return master;
  };
  const aad = Buffer.from(JSON.stringify(ENCRYPTION_CONTEXT));
  return {
    async generate() {
      recordStandInCall('kms', 'GenerateDataKey', {});
      const plaintext = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key(), iv).setAAD(aad);
      const encrypted = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      return { plaintext, encrypted };
    },
    async open(encrypted) {
      recordStandInCall('kms', 'Decrypt', {});
      const decipher = createDecipheriv('aes-256-gcm', key(), encrypted.subarray(0, 12)).setAAD(aad);
      decipher.setAuthTag(encrypted.subarray(encrypted.length - 16));
      return Buffer.concat([decipher.update(encrypted.subarray(12, encrypted.length - 16)), decipher.final()]);
    },
  };
}

let keyring: { of: string; keys: Keyring } | undefined;
let sealing: { key: Promise<DataKey>; since: number; uses: number } | undefined;
const opened = new Map<string, Promise<Buffer>>();

/** The keyring configured now (a local runtime started again on another data folder has another key: the caches go with it). */
function configured(): Keyring {
  const keyId = process.env.FIELD_KEY_ID;
  const file = process.env.FIELD_KEY_FILE;
  const of = `${keyId ?? ''}|${file ?? ''}`;
  if (keyring?.of === of) return keyring.keys;
  if (!keyId && !file) throw new Error('neither FIELD_KEY_ID (a KMS key) nor FIELD_KEY_FILE (a local key) is set');
  resetFieldKeys();
  keyring = { of, keys: keyId ? kmsKeyring(keyId) : localKeyring(file as string) };
  return keyring.keys;
}

function remember(encrypted: string, plaintext: Promise<Buffer>): Promise<Buffer> {
  if (opened.size >= OPENED_AT_MOST) opened.delete(opened.keys().next().value as string);
  opened.set(encrypted, plaintext);
  // A failed open is not kept: the next read tries again.
  plaintext.catch(() => opened.delete(encrypted));
  return plaintext;
}

/** The data key to seal with now: the cached one while it is young and little used, else a new one. */
export function sealingKey(): Promise<DataKey> {
  const keys = configured();
  if (!sealing || Date.now() - sealing.since > SEAL_FOR_MS || sealing.uses >= SEAL_AT_MOST) {
    const key = keys.generate();
    sealing = { key, since: Date.now(), uses: 0 };
    key.then((k) => remember(k.encrypted.toString('base64url'), Promise.resolve(k.plaintext))).catch(() => (sealing = undefined));
  } else {
    // Every seal is a use of GenerateDataKey as IAM sees it, cached or not (test/infra/grants.test.ts).
    recordStandInCall('kms', 'GenerateDataKey', {});
  }
  sealing.uses += 1;
  return sealing.key;
}

/** A stored data key (base64url), opened once and then kept. */
export function openedKey(encrypted: string): Promise<Buffer> {
  const keys = configured();
  const known = opened.get(encrypted);
  if (known) {
    recordStandInCall('kms', 'Decrypt', {});
    return known;
  }
  return remember(encrypted, keys.open(Buffer.from(encrypted, 'base64url')));
}

/** Forgets the keyring and every cached data key (a test that changes the configuration). */
export function resetFieldKeys(): void {
  keyring = undefined;
  sealing = undefined;
  opened.clear();
}
