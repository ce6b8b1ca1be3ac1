import { userInfo } from 'node:os';
import { runCommand, useOperatorTable, useOperatorWorkflows } from './table-env.ts';

/**
 * `npm run redrive -- APP-…` redrives the workflow of each application named (RedriveExecution: it
 * goes on from the step it stopped at; started if it never was), and records who did it in the
 * audit trail. With no id it lists the applications that need attention. Against AWS when
 * TABLE_NAME and WORKFLOW_ARNS are set; otherwise against the running `npm start`.
 */
async function main(): Promise<number> {
  const ids = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const stop = await useOperatorTable();
  try {
    if (ids.length === 0) {
      const { listApplicationsOfOrgUnits } = await import('../../functions/store/applications.ts');
      const { loadOrgTree } = await import('../../functions/store/directory.ts');
      const units = (await loadOrgTree()).all().map((unit) => unit.id);
      const waiting = (await listApplicationsOfOrgUnits(units, { status: 'NEEDS_ATTENTION' }, 200)).items;
      if (waiting.length === 0) console.log('no application needs attention');
      for (const { id, program, attention } of waiting) {
        console.log(`${id}  ${program}  since ${attention?.since}  at ${attention?.step}: ${attention?.error}  (was ${attention?.previousStatus})`);
      }
      return 0;
    }
    useOperatorWorkflows();
    const { redriveApplication } = await import('../../functions/use-cases/redrive-application.ts');
    const operator = userInfo().username;
    const actor = { sub: `operator:${operator}`, name: `运维 / operator ${operator}`, role: 'system' as const, orgUnit: '-' };
    let missing = 0;
    for (const id of ids) {
      const recovery = await redriveApplication(id, actor);
      if (recovery) console.log(`${id}: ${recovery.action} — ${recovery.reason}`);
      else {
        console.error(`${id}: no such application`);
        missing += 1;
      }
    }
    return missing === 0 ? 0 : 1;
  } finally {
    await stop();
  }
}

runCommand(main);
