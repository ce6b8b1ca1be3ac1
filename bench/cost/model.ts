import type { Prices } from './prices.ts';

/** What one application of a program costs in each billed unit, as measured by bench/cost/measure.ts. */
export interface PerApplication {
  /** Step Functions Standard state transitions (StateEntered events of its execution history). */
  transitions: number;
  /** Lambda invocations: API handlers, workflow steps, the SMS sender's work for it. */
  invocations: number;
  /** Sum of the invocations' durations, in milliseconds (billed per ms, at the function's memory). */
  durationMs: number;
  apiRequests: number;
  /** DynamoDB request units as AWS bills them (transactional writes at 2 per KB), table and indexes. */
  writeUnits: number;
  readUnits: number;
  /** CloudWatch Logs bytes: the functions' lines, Lambda's own START/END/REPORT and the state machine's log. */
  logBytes: number;
  s3Puts: number;
  s3Gets: number;
  /** Bytes the application leaves in the table (its items, history, audit chain, approvals, payment …). */
  storedBytes: number;
  /** Bytes of its documents in S3. */
  documentBytes: number;
  /** X-Ray traces, where tracing is on (one per API request and one per execution, at most). */
  traces: number;
}

/** What the stage costs whatever the number of applications. */
export interface FixedMonthly {
  alarms: number;
  dashboards: number;
  kmsKeys: number;
  secrets: number;
  customMetrics: number;
  /** Scheduled invocations a month (the workflow sweep, the SMS sender), with their duration. */
  scheduledInvocations: number;
  scheduledDurationMs: number;
}

export interface CostLine {
  item: string;
  usd: number;
}

const GB = 1024 ** 3;
/** Every function has 512 MB (infra/stack/warmth-function.ts). */
export const FUNCTION_GB = 0.5;

/** A month of a program at `perYear` applications a year, item by item, in US dollars. Storage after a year of them. */
export function monthlyVariable(per: PerApplication, perYear: number, prices: Prices, { tracing = true } = {}): CostLine[] {
  const perMonth = perYear / 12;
  const storedYear = perYear;
  const lines: CostLine[] = [
    { item: 'Step Functions transitions', usd: per.transitions * perMonth * prices.stepFunctionsPerTransition },
    { item: 'Lambda requests', usd: per.invocations * perMonth * prices.lambdaPerRequest },
    { item: 'Lambda duration', usd: (per.durationMs / 1000) * FUNCTION_GB * perMonth * prices.lambdaPerGbSecond },
    { item: 'HTTP API requests', usd: per.apiRequests * perMonth * prices.httpApiPerRequest },
    { item: 'DynamoDB writes', usd: per.writeUnits * perMonth * prices.dynamoPerWriteUnit },
    { item: 'DynamoDB reads', usd: per.readUnits * perMonth * prices.dynamoPerReadUnit },
    { item: 'DynamoDB storage + PITR (a year of applications)', usd: ((per.storedBytes * storedYear) / GB) * (prices.dynamoPerGbMonth + prices.pitrPerGbMonth) },
    { item: 'CloudWatch Logs (ingest, and a year stored)', usd: ((per.logBytes * perMonth) / GB) * prices.logsIngestPerGb + ((per.logBytes * storedYear) / GB) * prices.logsStorePerGbMonth },
    { item: 'S3 requests and a year of documents', usd: per.s3Puts * perMonth * prices.s3PerPut + per.s3Gets * perMonth * prices.s3PerGet + ((per.documentBytes * storedYear) / GB) * prices.s3PerGbMonth },
  ];
  if (tracing) lines.push({ item: 'X-Ray traces', usd: per.traces * perMonth * prices.xrayPerTraceRecorded });
  return lines;
}

/** The stage's fixed monthly items. */
export function monthlyFixed(fixed: FixedMonthly, prices: Prices): CostLine[] {
  return [
    { item: `CloudWatch alarms (${fixed.alarms})`, usd: fixed.alarms * prices.alarmPerMonth },
    { item: `dashboards (${fixed.dashboards})`, usd: fixed.dashboards * prices.dashboardPerMonth },
    { item: `KMS keys (${fixed.kmsKeys})`, usd: fixed.kmsKeys * prices.kmsKeyPerMonth },
    { item: `secrets (${fixed.secrets})`, usd: fixed.secrets * prices.secretPerMonth },
    { item: `custom metrics (${fixed.customMetrics})`, usd: fixed.customMetrics * prices.customMetricPerMonth },
    {
      item: `scheduled invocations (${fixed.scheduledInvocations.toLocaleString('en')})`,
      usd: fixed.scheduledInvocations * prices.lambdaPerRequest + (fixed.scheduledDurationMs / 1000) * FUNCTION_GB * prices.lambdaPerGbSecond,
    },
  ];
}

export const total = (lines: readonly CostLine[]): number => lines.reduce((sum, line) => sum + line.usd, 0);

/** DynamoDB Local reports transactional writes at 4 units per KB; AWS bills 2 (prepare and commit). */
export const LOCAL_TRANSACTION_FACTOR = 2;

/**
 * A request's consumed capacity as AWS would bill it, from what DynamoDB Local reported: reads and
 * plain writes as they are, transactional writes halved (see LOCAL_TRANSACTION_FACTOR).
 */
export function billedUnits(operation: string, reported: { table: number; indexes: number }): { table: number; indexes: number } {
  const factor = operation === 'TransactWriteItems' ? LOCAL_TRANSACTION_FACTOR : 1;
  return { table: reported.table / factor, indexes: reported.indexes / factor };
}

/**
 * The write units a whole-item design would have spent: before history entries were items of
 * their own, every transaction that added one rewrote the application item with its whole history
 * so far, in the table and in both indexes it is listed in (projection ALL), at 2 units per KB.
 * `historyBytes` are the sizes of an application's history entries in the order they were written.
 */
export function inlineHistoryExtraUnits(historyBytes: readonly number[], applicationBytes: number, indexes = 2): number {
  let carried = 0;
  let extra = 0;
  for (const bytes of historyBytes) {
    carried += bytes;
    const whole = Math.ceil((applicationBytes + carried) / 1024);
    const alone = Math.ceil(applicationBytes / 1024);
    extra += (whole - alone) * 2 * (1 + indexes);
  }
  return extra;
}

/** Money as the doc prints it: cents below $100, whole dollars above. */
export const usd = (amount: number): string => (amount >= 100 ? `$${Math.round(amount).toLocaleString('en')}` : `$${amount.toFixed(2)}`);
