import { readFileSync } from 'node:fs';
import { regionSchema } from '../../functions/domain/region.ts';
import { zodIssuesToFields } from '../../functions/shared/zod-messages.ts';
import { runCommand, useOperatorTable } from './table-env.ts';

/**
 * `npm run load-region -- <region.json>`: loads a region's org tree, people, first parameter
 * versions and budgets into an empty table (the deployed one when TABLE_NAME and AWS credentials
 * are set). The file has the shape of functions/domain/demo-region.json; it is checked whole first,
 * and nothing is written when any part is wrong. A table is loaded once: later changes go through
 * the API (policies, budgets), so they are versioned and audited.
 */
async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npm run load-region -- <region.json>');
    return 2;
  }
  const parsed = regionSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    console.error(`${file} is not a region the platform can load:`);
    for (const problem of zodIssuesToFields(parsed.error)) console.error(`  ${problem.path}: ${problem.message.zh} / ${problem.message.en}`);
    return 1;
  }
  const region = parsed.data;
  const stop = await useOperatorTable();
  try {
    const { seedRegion } = await import('../../functions/store/seed.ts');
    if (!(await seedRegion(region, new Date().toISOString()))) {
      console.error(`${process.env.TABLE_NAME} has been loaded before; change policies and budgets through the API.`);
      return 1;
    }
    console.log(`loaded into ${process.env.TABLE_NAME}: ${region.orgUnits.length} org units, ${region.users.length} people, ${Object.keys(region.policies).length} policies, ${region.budgets.length} budgets`);
    return 0;
  } finally {
    await stop();
  }
}

runCommand(main);
