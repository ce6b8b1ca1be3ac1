import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { routes } from '../../functions/api/routes.ts';
import { tableSchema } from '../../functions/store/table.ts';
import type { HandlerRef } from '../../functions/shared/handler-ref.ts';
import { handlerContext } from '../../functions/shared/aws-calls.ts';
import { stateMachineName, stepHandlers, type StepName, substitutionName, workflowFile, workflowPrograms, workflowSweep, textSender } from '../../workflows/index.ts';
import { maskedPhone, type OutboxLine } from '../../functions/shared/notifier.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts';
import { freePort } from './free-port.ts';
import { ensureTable } from './tables.ts';
import { startStepFunctionsService, type FaultInjection } from './sfn/service.ts';
import { startApiServer } from './http/server.ts';
import { createDevIssuer } from './http/dev-issuer.ts';
import { demoRegion } from './demo-region.ts';
import type { Region } from '../../functions/domain/region.ts';
import { shanghaiDate } from '../../functions/shared/dates.ts';
import { LOCAL_REGION, useLocalAwsEnv } from './aws-env.ts';
import { fieldKeyFile, LOCAL_ID_HASH_SECRET, startLocalSecretsManager } from './secrets.ts';
import { LOCAL_DOCUMENTS_BUCKET, startLocalS3, type LocalS3 } from './s3-server.ts';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const ACCOUNT = '000000000000';

export interface LocalRuntimeOptions {
  /** API port; 0 picks a free one. */
  port?: number;
  /** Where DynamoDB Local keeps its data, the dev issuer its keys and the hashing secret. */
  dataDir: string;
  /** Use an already running DynamoDB Local (tests share one) instead of starting one. */
  dynamoEndpoint?: string;
  /** Table names are `<prefix>` and `<prefix>-sfn`. */
  tablePrefix?: string;
  /** The built web app to serve, if any. */
  webRoot?: string;
  /** Fault injection in the workflows' task invocations (the reliability suite); off when absent. */
  faults?: FaultInjection;
  /** How often the workflow sweep runs after the one at start-up; 0 runs it at start-up only. Default: as on AWS (workflowSweep). */
  sweepIntervalSeconds?: number;
  /** How often the SMS sender runs (seconds); 0 only when `sendTexts()` is called. Default 2. */
  textIntervalSeconds?: number;
  log?: (line: string) => void;
  /** Where the local clock starts (ISO instant) on fresh tables; tests pin "now" with it. Default: the machine's clock. */
  clockStartsAt?: string;
  /** The region to seed into a new table, as on its seed day; the demo region by default. */
  region?: (seedDay: string) => Region;
}

export interface LocalRuntime {
  url: string;
  /** The local S3 server holding the documents. */
  s3Endpoint: string;
  dynamoEndpoint: string;
  sfnEndpoint: string;
  tableName: string;
  /** Program → state machine ARN, as the handlers get it in WORKFLOW_ARNS. */
  workflowArns: Record<string, string>;
  advanceClock(seconds: number): Promise<void>;
  /** Runs the workflow sweep now (it also runs at start-up and every `sweepIntervalSeconds`); resolves with how many it recovered. */
  sweep(): Promise<number>;
  /**
   * Imports every API and step handler now, as warm Lambdas have theirs: a benchmark then measures
   * the platform and not each file's first load (tsx compiles it on its first import).
   */
  loadAllHandlers(): Promise<void>;
  /** Runs the SMS sender now (it also runs every `textIntervalSeconds`); resolves with how many it sent. */
  sendTexts(): Promise<number>;
  /** The SMS sent so far, from the local outbox (`<dataDir>/sms-outbox.jsonl`), oldest first. */
  outbox(): OutboxLine[];
  /** The process id of the DynamoDB Local this runtime started (undefined when it uses another's). */
  databasePid(): number | undefined;
  /** Whether the DynamoDB Local this runtime started is still running (true when it uses another's). */
  databaseRunning(): boolean;
  /**
   * Starts DynamoDB Local again on the same port and data folder (stopping what is left of it):
   * what it had written to disk is kept, and every client's endpoint stays valid.
   */
  restartDatabase(): Promise<void>;
  stop(): Promise<void>;
}

/** The local name of a step's function: the same substitution the CDK stack fills with a real ARN. */
export const localFunctionArn = (step: StepName): string => `arn:aws:lambda:${LOCAL_REGION}:${ACCOUNT}:function:warmth-${step}`;

/** The resolved ASL of a program, with each `${StepFunctionArn}` replaced as definitionSubstitutions would. */
export function localDefinition(program: (typeof workflowPrograms)[number]): string {
  // The local service is in the aws partition, as the stack's substitution would make it outside China.
  let text = readFileSync(join(repoRoot, workflowFile(program)), 'utf8').replaceAll('${Partition}', 'aws');
  for (const step of Object.keys(stepHandlers) as StepName[]) {
    text = text.replaceAll(`\${${substitutionName(step)}}`, localFunctionArn(step));
  }
  return text;
}

type AnyHandler = (event: unknown, context: unknown) => Promise<unknown>;

/**
 * Each handler is imported once and kept, as a warm Lambda keeps its module: an `import()` per
 * invocation, even of a module already loaded, is a round trip through the loader (tsx's hooks run
 * on a thread of their own), which every request and task paid on its critical path.
 */
const handlers = new Map<string, Promise<AnyHandler>>();

function loadHandler<T = AnyHandler>(ref: HandlerRef): Promise<T> {
  const key = `${ref.file}#${ref.export}`;
  let loaded = handlers.get(key);
  if (!loaded) {
    loaded = import(join(repoRoot, ref.file)).then((module: Record<string, unknown>) => {
      const handler = module[ref.export];
      if (typeof handler !== 'function') throw new Error(`${ref.file} has no exported handler ${ref.export}`);
      // Each invocation runs as its handler, as in its own function on AWS: the AWS calls it makes are its own (recorded for the grants test).
      return (...args: unknown[]) => handlerContext.run(key, () => (handler as (...args: unknown[]) => Promise<unknown>)(...args));
    });
    // A module that failed to load is tried again next time, as a new Lambda instance would.
    loaded.catch(() => handlers.delete(key));
    handlers.set(key, loaded);
  }
  return loaded as Promise<T>;
}

function lambdaContext(functionName: string) {
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionName,
    memoryLimitInMB: '512',
    awsRequestId: randomBytes(16).toString('hex'),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * The whole platform on one machine: DynamoDB Local, the local Step Functions service running
 * workflows/*.asl.json against the handlers in functions/steps, the local HTTP API with the dev
 * identity issuer, and the seeded demo region. Handlers run in-process and reach the emulators
 * through the SDK's AWS_ENDPOINT_URL_* variables, exactly as on AWS.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const log = options.log ?? (() => undefined);
  mkdirSync(options.dataDir, { recursive: true });
  const prefix = options.tablePrefix ?? 'warmth';
  useLocalAwsEnv();

  let dynamo: DynamoDbLocal | undefined;
  let stopSecrets: (() => Promise<void>) | undefined;
  let s3: LocalS3 | undefined;
  const databaseDir = join(options.dataDir, 'dynamodb');
  const outboxFile = join(options.dataDir, 'sms-outbox.jsonl');
  const outbox = (): OutboxLine[] => (existsSync(outboxFile) ? readFileSync(outboxFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as OutboxLine) : []);
  const dynamoEndpoint = options.dynamoEndpoint ?? (dynamo = await startDynamoDbLocal({ dataDir: databaseDir })).endpoint;
  try {
    const client = new DynamoDBClient({ endpoint: dynamoEndpoint });
    // A data folder from before the indexes were narrowed has them copying whole items: they are made anew.
    const rebuilt = await ensureTable(client, prefix, tableSchema);
    client.destroy();
    if (rebuilt.length) log(`rebuilt the table's indexes ${rebuilt.join(', ')}`);

    const secrets = await startLocalSecretsManager(options.dataDir);
    stopSecrets = secrets.stop;
    const sfnPort = await freePort();
    const apiPort = options.port || (await freePort());
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const sfnEndpoint = `http://127.0.0.1:${sfnPort}`;
    s3 = await startLocalS3({ directory: join(options.dataDir, 's3'), webOrigin: apiUrl, accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'local', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'local' });
    const arns = Object.fromEntries(workflowPrograms.map((program) => [program, `arn:aws:states:${LOCAL_REGION}:${ACCOUNT}:stateMachine:${stateMachineName(program)}`]));
    // Set before any handler module is imported: SDK clients are created at module load.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
      AWS_ENDPOINT_URL_SFN: sfnEndpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      DOCUMENTS_BUCKET: LOCAL_DOCUMENTS_BUCKET,
      TABLE_NAME: prefix,
      WORKFLOW_ARNS: JSON.stringify(arns),
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      ID_HASH_SECRET: LOCAL_ID_HASH_SECRET,
      // The field key that seals resident-ID and bank-card numbers: a local one instead of KMS (FIELD_KEY_ID on AWS).
      FIELD_KEY_FILE: fieldKeyFile(options.dataDir),
      // The notifier of functions/shared/notifier.ts writes each SMS here instead of to SNS.
      SMS_OUTBOX_FILE: outboxFile,
      POWERTOOLS_SERVICE_NAME: 'warmth',
      // No CloudWatch here to read the business metrics' log lines.
      POWERTOOLS_METRICS_DISABLED: 'true',
    });

    // Before any handler runs (the Step Functions service re-drives what was running): items written
    // before listings get theirs, once per table, so the listing indexes show them.
    const { backfillListings, listingsComplete } = await import('../../functions/store/listing-backfill.ts');
    if (!(await listingsComplete())) {
      const report = await backfillListings();
      if (report.listed) log(`gave ${report.listed} listed items their listing`);
    }

    const stepByArn = new Map((Object.keys(stepHandlers) as StepName[]).map((step) => [localFunctionArn(step), step]));
    const sfn = await startStepFunctionsService({
      dynamoEndpoint,
      tableName: `${prefix}-sfn`,
      port: sfnPort,
      region: LOCAL_REGION,
      accountId: ACCOUNT,
      ...(options.clockStartsAt ? { clockStartsAt: options.clockStartsAt } : {}),
      stateMachines: workflowPrograms.map((program) => ({ name: stateMachineName(program), definition: localDefinition(program) })),
      faults: options.faults,
      async invokeFunction(functionArn: string, payload: unknown) {
        const step = stepByArn.get(functionArn);
        if (!step) throw Object.assign(new Error(`no local function ${functionArn}`), { name: 'Lambda.ResourceNotFoundException' });
        const handler = await loadHandler(stepHandlers[step]);
        return handler(payload, lambdaContext(`warmth-${step}`));
      },
    });

    // After the service has set the local clock: the demo's dates are relative to the day it is seeded.
    const { seedRegion } = await import('../../functions/store/seed.ts');
    const { nowIso } = await import('../../functions/shared/clock.ts');
    const seededAt = nowIso();
    const region = (options.region ?? demoRegion)(shanghaiDate(seededAt));
    if (await seedRegion(region, seededAt)) log('seeded the demo region');

    const unitName = (id: string) => region.orgUnits.find((unit) => unit.id === id)?.name ?? { zh: id, en: id };
    // Who may be signed in as, not their member records: the sign-in page is open to anyone.
    const users = region.users.map(({ sub, name, groups, orgUnit, level }) => ({ sub, name, groups, orgUnit, orgUnitName: unitName(orgUnit), ...(level ? { level } : {}) }));
    const issuer = await createDevIssuer({ issuer: apiUrl, audience: 'warmth-local', keyDir: join(options.dataDir, 'issuer'), users });
    const api = await startApiServer({
      host: '127.0.0.1',
      port: apiPort,
      routes,
      loadHandler,
      issuer,
      webRoot: options.webRoot,
      local: {
        async advanceClock(seconds: number) {
          await sfn.advanceClock(seconds);
        },
      },
    });
    log(`API and web app on ${api.url}; documents in the local S3 server on ${s3.endpoint} (bucket ${LOCAL_DOCUMENTS_BUCKET})`);

    // The sweep that AWS runs on a schedule: once now (what a crash or a lost reply left behind), then periodically.
    const sweepHandler = await loadHandler<() => Promise<{ recovered: number }>>(workflowSweep.handler);
    let sweeping: Promise<number> | undefined;
    const sweep = (): Promise<number> => {
      sweeping ??= sweepHandler()
        .then(({ recovered }) => {
          if (recovered > 0) log(`workflow sweep: ${recovered} application(s) started or redriven`);
          return recovered;
        })
        .finally(() => (sweeping = undefined));
      return sweeping;
    };
    const reportSweepFailure = (error: unknown) => console.error('workflow sweep failed', error);
    void sweep().catch(reportSweepFailure);
    const intervalSeconds = options.sweepIntervalSeconds ?? workflowSweep.everyMinutes * 60;
    const sweeper = intervalSeconds > 0 ? setInterval(() => void sweep().catch(reportSweepFailure), intervalSeconds * 1000) : undefined;
    sweeper?.unref();

    // The SMS sender that AWS runs every minute; each SMS it writes to the outbox is printed.
    const textHandler = await loadHandler<() => Promise<{ sent: number }>>(textSender.handler);
    let printed = outbox().length;
    let texting: Promise<number> | undefined;
    const sendTexts = (): Promise<number> => {
      texting ??= textHandler()
        .then(({ sent }) => {
          const lines = outbox();
          for (const line of lines.slice(printed)) log(`SMS to ${maskedPhone(line.to)}: ${line.text}`);
          printed = lines.length;
          return sent;
        })
        .finally(() => (texting = undefined));
      return texting;
    };
    const textIntervalSeconds = options.textIntervalSeconds ?? 2;
    const texter = textIntervalSeconds > 0 ? setInterval(() => void sendTexts().catch((error: unknown) => console.error('SMS sender failed', error)), textIntervalSeconds * 1000) : undefined;
    texter?.unref();

    return {
      url: api.url,
      s3Endpoint: s3.endpoint,
      dynamoEndpoint,
      sfnEndpoint,
      tableName: prefix,
      workflowArns: arns,
      advanceClock: (seconds) => sfn.advanceClock(seconds),
      sweep,
      async loadAllHandlers() {
        await Promise.all([...routes.map((route) => route.handler), ...Object.values(stepHandlers)].map((ref) => loadHandler(ref)));
      },
      sendTexts,
      outbox,
      databasePid: () => dynamo?.pid,
      databaseRunning: () => dynamo?.running() ?? true,
      async restartDatabase() {
        if (!dynamo) return;
        const { port } = dynamo;
        await dynamo.stop();
        dynamo = await startDynamoDbLocal({ dataDir: databaseDir, port });
        log(`restarted DynamoDB Local (pid ${dynamo.pid}) on port ${port}`);
        // What ran out of retries while the database was away is taken up now, not at the next round.
        void sweep().catch(reportSweepFailure);
      },
      async stop() {
        clearInterval(sweeper);
        clearInterval(texter);
        await sweeping?.catch(() => undefined);
        await texting?.catch(() => undefined);
        await api.stop();
        await sfn.stop();
        await secrets.stop();
        await s3?.stop();
        await dynamo?.stop();
      },
    };
  } catch (error) {
    await stopSecrets?.();
    await s3?.stop();
    await dynamo?.stop();
    throw error;
  }
}
