import { runCommand, useOperatorTable } from './table-env.ts';

/**
 * `npm run backfill-listings`: gives every listed item written before listings existed its listing,
 * which the narrowed indexes copy instead of whole items (README, "Narrowing the indexes"). On AWS
 * with TABLE_NAME set (credentials allowed dynamodb:Scan, UpdateItem, GetItem and PutItem on the
 * table); locally on the data folder (DATA_DIR or .data/), which `npm start` also does by itself.
 */
async function main(): Promise<number> {
  const stop = await useOperatorTable();
  try {
    const { backfillListings } = await import('../../functions/store/listing-backfill.ts');
    const report = await backfillListings();
    console.log(`scanned ${report.scanned} items: gave ${report.listed} their listing; ${report.changed} were written meanwhile, with theirs`);
    return 0;
  } finally {
    await stop();
  }
}

runCommand(main);
