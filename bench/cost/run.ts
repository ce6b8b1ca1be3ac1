import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { routes } from '../../functions/api/routes.ts';
import { businessMetrics } from '../../functions/shared/metrics-names.ts';
import { stepHandlers, textSender, workflowPrograms, workflowSweep } from '../../workflows/index.ts';
import { DOCUMENT_BYTES, PLATFORM_LOG_BYTES_PER_INVOCATION, type Measurement } from './measure.ts';
import { monthlyFixed, monthlyVariable, total, usd, type FixedMonthly } from './model.ts';
import { usEast1, type Prices } from './prices.ts';

const docs = join(import.meta.dirname, '..', '..', 'docs');
const inputsFile = join(docs, 'cost-inputs.json');
const costFile = join(docs, 'cost.md');
const SCALES = [10_000, 100_000, 1_000_000] as const;
const MONTH_MINUTES = 30 * 24 * 60;

/** The stage's fixed items, counted from the same lists the stacks are built from. */
export function fixedItems(measurement: Measurement): FixedMonthly {
  const functions = new Set([...routes.map((route) => route.handler), ...Object.values(stepHandlers), workflowSweep.handler, textSender.handler].map((ref) => `${ref.file}#${ref.export}`)).size;
  const programs = workflowPrograms.length;
  const tableOperations = 8;
  // An alarm is billed per metric it reads: three per workflow, the two per-program sums, two API, three per function, the authorizer's two, the table's two and eight.
  // (The API's authorizer of the two user pools, with Cognito: its throttles and p99, no errors alarm.)
  const alarms = 3 * programs + 2 * programs + 2 + 3 * functions + 2 + 2 + tableOperations;
  const sweeps = MONTH_MINUTES / workflowSweep.everyMinutes;
  const texts = MONTH_MINUTES / textSender.everyMinutes;
  return {
    alarms,
    dashboards: 1,
    kmsKeys: 3,
    secrets: 1,
    customMetrics: Object.keys(businessMetrics).length * programs + 1,
    scheduledInvocations: sweeps + texts,
    scheduledDurationMs: sweeps * measurement.idleRunMs.sweep + texts * measurement.idleRunMs.texts,
  };
}

const n = (value: number, digits = 1) => value.toLocaleString('en', { maximumFractionDigits: digits });

/** docs/cost.md from a measurement and a price list. */
export function render(measurement: Measurement, prices: Prices): string {
  const fixed = monthlyFixed(fixedItems(measurement), prices);
  const lines: string[] = [];
  const push = (...text: string[]) => lines.push(...text);
  push(
    '# What warmth costs on AWS',
    '',
    `Written by \`npm run cost\` (bench/cost/run.ts): it drives ${measurement.lifecyclesPerProgram} applications of each program through the local runtime, meters what each costs, keeps the figures in [cost-inputs.json](cost-inputs.json) and prices them here. \`npm run cost -- --render\` prices the kept figures again (after a change to bench/cost/prices.ts) without measuring. Measured ${measurement.measuredAt} on Node ${measurement.node}. The arithmetic is bench/cost/model.ts, tested by test/unit/cost/model.test.ts.`,
    '',
    `## Monthly cost per program (${prices.region}, on-demand list prices)`,
    '',
    'What the applications of one program cost a month at a steady rate of so many a year, with storage as it stands after a year of them. The stage\'s fixed items (below) come once for all programs.',
    '',
    `| program | ${SCALES.map((scale) => `${n(scale)} a year`).join(' | ')} | per 1,000 applications |`,
    `|---|${SCALES.map(() => '---:').join('|')}|---:|`,
  );
  for (const program of measurement.programs) {
    const at = SCALES.map((scale) => usd(total(monthlyVariable(program.perApplication, scale, prices))));
    const per1000 = total(monthlyVariable(program.perApplication, 12_000, prices)) - storageOf(program.perApplication, 12_000, prices);
    push(`| ${program.program} | ${at.join(' | ')} | ${usd(per1000)} |`);
  }
  const fixedTotal = total(fixed);
  push(
    `| the stage's fixed items | ${SCALES.map(() => usd(fixedTotal)).join(' | ')} | |`,
    '',
    '"Per 1,000 applications" leaves storage out (it depends on how long data is kept): it is what handling 1,000 more costs.',
    '',
    '### Where the money goes, at 100,000 applications a year',
    '',
    `| item | ${measurement.programs.map((program) => program.program).join(' | ')} |`,
    `|---|${measurement.programs.map(() => '---:').join('|')}|`,
  );
  const breakdowns = measurement.programs.map((program) => monthlyVariable(program.perApplication, 100_000, prices));
  for (const [index, line] of (breakdowns[0] ?? []).entries()) push(`| ${line.item} | ${breakdowns.map((breakdown) => usd(breakdown[index]?.usd ?? 0)).join(' | ')} |`);
  push(`| **total** | ${breakdowns.map((breakdown) => `**${usd(total(breakdown))}**`).join(' | ')} |`, '', '### The stage\'s fixed items, a month', '', '| item | cost |', '|---|---:|');
  for (const line of fixed) push(`| ${line.item} | ${usd(line.usd)} |`);
  push(
    `| **total** | **${usd(fixedTotal)}** |`,
    '',
    'Not priced: SMS (the count per application is below; SNS prices SMS per destination country, and mainland China numbers need an origination identity), data transfer out (the web app is a few hundred KB per visit through CloudFront, the API replies a few KB), CloudFront requests, WAF (a web ACL is $5 a month and $1 per rule a month, plus $0.60 per million requests, where `waf` is on), AWS Backup (warm storage at $0.10 per GB-month of the table\'s size, where `backup` is on), KMS requests (DynamoDB and CloudWatch Logs cache their data keys). The API\'s Lambda authorizer of the two user pools (stages with Cognito) runs at most once per token every 5 minutes (its answers are cached): a few invocations of a few ms per person and session, well under the API requests\' own line; the local runtime verifies tokens itself, so the run does not count them.',
    '',
    '## Measured inputs, per application',
    '',
    `| input | ${measurement.programs.map((program) => program.program).join(' | ')} |`,
    `|---|${measurement.programs.map(() => '---:').join('|')}|`,
  );
  const row = (label: string, value: (program: Measurement['programs'][number]) => string) => push(`| ${label} | ${measurement.programs.map(value).join(' | ')} |`);
  row('lifecycles measured (final status)', (program) => `${program.lifecycles} (${[...new Set(program.statuses)].join(', ')})`);
  row('state transitions (StateEntered events of the execution history)', (program) => n(program.perApplication.transitions));
  row('Lambda invocations', (program) => n(program.perApplication.invocations));
  row('Lambda duration, ms (all invocations, local, warm, in-process)', (program) => n(program.perApplication.durationMs, 0));
  row('HTTP API requests', (program) => n(program.perApplication.apiRequests));
  row('DynamoDB write units: table + indexes', (program) => `${n(program.dynamo.writeTable)} + ${n(program.dynamo.writeIndexes)} = ${n(program.perApplication.writeUnits)}`);
  row('DynamoDB read units: table + indexes', (program) => `${n(program.dynamo.readTable)} + ${n(program.dynamo.readIndexes)} = ${n(program.perApplication.readUnits)}`);
  row('DynamoDB requests', (program) => n(Object.values(program.dynamo.requests).reduce((sum, count) => sum + count, 0)));
  row('bytes left in the table', (program) => n(program.perApplication.storedBytes, 0));
  row('the application item, bytes', (program) => n(program.applicationItemBytes, 0));
  row('history entries (items of their own)', (program) => n(program.historyEntriesPerApplication));
  row('log bytes (functions, Lambda\'s own lines, state machine)', (program) => n(program.perApplication.logBytes, 0));
  row('documents (S3 PUT each; HEAD/GET)', (program) => `${n(program.documentsPerApplication)} (${n(program.perApplication.s3Puts)}; ${n(program.perApplication.s3Gets)})`);
  row('SMS sent (the run\'s members have no mobile number on record)', (program) => n(program.smsPerApplication));
  row('X-Ray traces (where tracing is on)', (program) => n(program.perApplication.traces));
  push(
    '',
    'How each is counted (bench/cost/meters.ts and measure.ts):',
    '- **State transitions**: the execution\'s history from the local Step Functions service (the same ASL as on AWS), its `…StateEntered` events; Standard workflows bill each.',
    '- **Lambda**: every handler invocation of the local runtime (API handlers, workflow steps, the SMS sender\'s run that sends the application\'s messages), counted and timed around the handler. The durations are in-process on a shared two-core machine with warm modules: a cold start on AWS adds a few hundred ms to the first invocation of each function instance. Every function has 512 MB.',
    '- **DynamoDB**: every request of the platform\'s handlers asks for `ReturnConsumedCapacity: INDEXES`, which DynamoDB Local answers, and the units of the table and of each index are added up. DynamoDB Local reports a transactional write at 4 units per KB; AWS bills 2 (prepare and commit), so transactional figures are halved. A write refused by its condition is not counted (AWS bills it). Bytes stored: a scan of the table before and after, each item\'s attribute names and values as JSON (near DynamoDB\'s own size).',
    '- **API requests**: the calls the driver makes, as people would: the worker uploads each document (a URL, the PUT to S3, the check), submits and opens the application twice; each level\'s official opens the queue and the application and decides; finance prepares, releases, downloads the bank file of and reconciles a batch of one. A real batch holds many applications, so finance\'s calls are an upper bound.',
    `- **Logs**: the JSON lines the functions print (Powertools Logger, and Powertools Metrics\' EMF lines, switched on for the run), ${PLATFORM_LOG_BYTES_PER_INVOCATION} bytes of Lambda\'s own START/END/REPORT lines per invocation, and a line per history event for the state machine\'s log (level ALL, without execution data).`,
    `- **S3**: one PUT per document, the HEAD of its check; each document taken as ${n(DOCUMENT_BYTES / 1_000_000)} MB (a phone photo; the run uploads 64-byte stand-ins).`,
    '- **Traces**: one per API request and one per execution, an upper bound (X-Ray\'s default sampling records the first request each second and 5% of the rest).',
    '',
    '## DynamoDB writes: what was changed and by how much',
    '',
    'A review of main at 437e90d estimated about $1.3 per 1,000 autumn-aid applications, half of it DynamoDB writes: ~870 write units per application, because the application item carried its whole history and each transaction rewrote it whole, in the table and in both indexes (projection ALL).',
    '',
    `| | ${measurement.programs.map((program) => program.program).join(' | ')} |`,
    `|---|${measurement.programs.map(() => '---:').join('|')}|`,
  );
  row('write units per application now (measured)', (program) => n(program.perApplication.writeUnits));
  row('… with the history inside the application item (modelled)', (program) => n(program.perApplication.writeUnits + program.inlineHistoryExtraWriteUnits));
  row('saved by history entries as items', (program) => `${n(program.inlineHistoryExtraWriteUnits)} (${n((100 * program.inlineHistoryExtraWriteUnits) / (program.perApplication.writeUnits + program.inlineHistoryExtraWriteUnits), 0)}%)`);
  row('of the units now, in the two indexes (measured)', (program) => `${n(program.dynamo.writeIndexes)} (${n((100 * program.dynamo.writeIndexes) / program.perApplication.writeUnits, 0)}%)`);
  push(
    '',
    '- **History entries are items of their own** (`HISTORY#<seq>` beside the application, `store/applications.ts` `historyEntryPut`, in the transaction of the change they record), so a change writes the application item and one small entry instead of the item with every entry so far. The "modelled" row is the same run with each transaction\'s application write grown by the history written up to it (measured entry sizes, 2 units per KB, in the table and both indexes): what the old design would have cost on the same lifecycle. (The same change, with fewer reads per step, took the requests of an autumn-aid lifecycle from 119 to 68: docs/benchmarks.md, lifecycle-requests.)',
    '- **Index projections: listings.** Both indexes project `INCLUDE ["listing"]` (`functions/store/table.ts`): an item that a query lists carries `listing`, what its lists show of it (`functions/store/listing.ts`), and the indexes copy that alone, where they copied every listed item whole (ALL) — the application above all, twice per write (gsi1: by applicant; gsi2: by org unit). Main at 1f601ed, measured the same way on the same machine just before the change, wrote 495 units per autumn-aid application (371 hardship relief, 230 mutual aid), 286 (58%) of them in the indexes; the rows above are with listings. The table\'s own units grew a little (each listed item carries its listing, about 0.7 KB on an application), the indexes\' fell by two thirds; an application\'s lifecycle makes the same requests (docs/benchmarks.md, lifecycle-requests).',
    '',
    `## Prices (${prices.region}, read ${prices.readOn})`,
    '',
    '| service | price | source |',
    '|---|---|---|',
  );
  for (const source of prices.sources) push(`| ${source.service} | ${source.figures} | ${source.url} |`);
  push(
    '',
    'Free tiers are not subtracted. These are the public list prices as published on the pages above on the date given; they were not fetched from this machine (it has no network): check them before quoting a figure.',
    '',
    '**cn-north-1 (Beijing) and cn-northwest-1 (Ningxia)** are priced in yuan on https://www.amazonaws.cn/en/pricing/ (operated by Sinnet and NWCD) and differ service by service; a China stage also has no X-Ray in this stack (`tracing: false`) and no Cognito (an OIDC issuer of its own). Put the China figures in `bench/cost/prices.ts` (a second `Prices`) and render with them to price cnprod; the measured inputs are the same.',
    '',
  );
  return lines.join('\n');
}

function storageOf(per: Measurement['programs'][number]['perApplication'], perYear: number, prices: Prices): number {
  const lines = monthlyVariable(per, perYear, prices);
  const stored = (item: string) => lines.find((line) => line.item.startsWith(item))?.usd ?? 0;
  // Storage lines: the table's, and the stored part of logs and S3.
  const GB = 1024 ** 3;
  return stored('DynamoDB storage') + ((per.logBytes * perYear) / GB) * prices.logsStorePerGbMonth + ((per.documentBytes * perYear) / GB) * prices.s3PerGbMonth;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let measurement: Measurement;
  if (args.includes('--render')) {
    if (!existsSync(inputsFile)) throw new Error(`${inputsFile} is missing: run \`npm run cost\` first`);
    measurement = JSON.parse(readFileSync(inputsFile, 'utf8')) as Measurement;
  } else {
    const at = args.indexOf('--lifecycles');
    const lifecycles = at >= 0 ? Number(args[at + 1]) : 3;
    const { measure } = await import('./measure.ts');
    measurement = await measure(lifecycles);
    writeFileSync(inputsFile, `${JSON.stringify(measurement, null, 1)}\n`);
  }
  writeFileSync(costFile, render(measurement, usEast1));
  console.log(`wrote ${costFile}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
  process.exit(0);
}
