import { runCommand, useOperatorTable } from './table-env.ts';

/**
 * `npm run seal-existing`: the one-off migration of data written before resident-ID and bank-card
 * numbers were sealed (README, "Sensitive data at rest"). On AWS with TABLE_NAME, FIELD_KEY_ID and
 * ID_HASH_SECRET set (and credentials allowed kms:GenerateDataKey and secretsmanager:GetSecretValue);
 * locally on the data folder (DATA_DIR or .data/), with its own field key and ID-hash keys.
 */
async function main(): Promise<number> {
  const stop = await useOperatorTable();
  let stopSecrets: (() => Promise<void>) | undefined;
  try {
    if (!process.env.FIELD_KEY_ID) {
      const { join } = await import('node:path');
      const { repoRoot } = await import('../local/runtime.ts');
      const { fieldKeyFile, LOCAL_ID_HASH_SECRET, startLocalSecretsManager } = await import('../local/secrets.ts');
      const dataDir = process.env.DATA_DIR ?? join(repoRoot, '.data');
      const secrets = await startLocalSecretsManager(dataDir);
      stopSecrets = secrets.stop;
      Object.assign(process.env, { FIELD_KEY_FILE: fieldKeyFile(dataDir), AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint, ID_HASH_SECRET: LOCAL_ID_HASH_SECRET });
    }
    const { sealLegacyItems } = await import('../../functions/store/legacy-fields.ts');
    const report = await sealLegacyItems();
    console.log(`scanned ${report.scanned} items: sealed ${report.sealed}, changed meanwhile ${report.changed} (run again), audit events recording a number in clear ${report.auditEventsInClear} (kept: the hash chain covers them)`);
    return report.changed === 0 ? 0 : 1;
  } finally {
    await stopSecrets?.();
    await stop();
  }
}

runCommand(main);
