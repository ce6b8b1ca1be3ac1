import { runCommand, useOperatorTable } from './table-env.ts';

/**
 * `npm run yearly-review`: the hardship files' 年度复核 for today — review tasks for every open
 * file whose unit's review has started (the hardship-relief policy's `yearlyReview.startsOn`), the
 * spot checks drawn by the units above, and overdue tasks flagged and escalated. Safe to run every
 * day (a scheduler may): what was done is not done again.
 */
async function main(): Promise<number> {
  const stop = await useOperatorTable();
  try {
    const { runYearlyReview } = await import('../../functions/use-cases/run-yearly-review.ts');
    const { created, flagged } = await runYearlyReview();
    console.log(`yearly review: ${created} review task(s) created, ${flagged} overdue task(s) flagged and escalated`);
    return 0;
  } finally {
    await stop();
  }
}

runCommand(main);
