import { runCommand, useOperatorTable } from './table-env.ts';

/**
 * `npm run mark-stand-ins`: the one-off migration of delegations saved before each delegate's mark
 * was kept (functions/store/delegations.ts). A decision reads whom its official stands in for only
 * when their mark reaches today, so until this has run, a decision under such a delegation would
 * not name the colleague. On AWS with TABLE_NAME set; locally on the data folder (DATA_DIR or .data/).
 * Safe to run again.
 */
async function main(): Promise<number> {
  const stop = await useOperatorTable();
  try {
    const { markExistingStandIns } = await import('../../functions/store/delegations.ts');
    console.log(`marked ${await markExistingStandIns()} officials who may stand in for a colleague`);
    return 0;
  } finally {
    await stop();
  }
}

runCommand(main);
