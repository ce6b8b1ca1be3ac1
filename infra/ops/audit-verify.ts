import { runCommand, useOperatorTable } from './table-env.ts';

/**
 * `npm run audit:verify -- <applicationId> | --all`: recomputes audit hash chains and names the
 * first broken link of each. Against AWS when TABLE_NAME (and credentials) are set; otherwise
 * against the local data, through the running `npm start` or a DynamoDB Local of its own.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length === 0) {
    console.error('usage: npm run audit:verify -- <applicationId> [...] | --all');
    return 2;
  }
  const stop = await useOperatorTable();
  try {
    const { listAuditEvents, listAuditSubjects } = await import('../../functions/store/audit.ts');
    const { verifyChain } = await import('../../functions/domain/audit-chain.ts');
    const subjects = args.includes('--all') ? await listAuditSubjects() : args;
    let broken = 0;
    for (const subject of subjects) {
      const events = await listAuditEvents(subject);
      const verdict = events.length === 0 ? { valid: false as const, brokenAt: { index: 0, seq: null, reason: 'no audit events' } } : verifyChain(subject, events);
      if (verdict.valid) console.log(`ok      ${subject} (${verdict.events} events)`);
      else {
        broken += 1;
        console.log(`BROKEN  ${subject}: event ${verdict.brokenAt.seq ?? verdict.brokenAt.index + 1} — ${verdict.brokenAt.reason}`);
      }
    }
    console.log(`${subjects.length - broken} valid, ${broken} broken`);
    return broken === 0 ? 0 : 1;
  } finally {
    await stop();
  }
}

runCommand(main);
