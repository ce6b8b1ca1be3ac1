import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { useLocalAwsEnv } from '../infra/local/aws-env.ts';
import { startStepFunctionsService, type StepFunctionsService } from '../infra/local/sfn/service.ts';
import type { Benchmark } from './run.ts';
import { closeConnections, send } from './support/http.ts';

const CLIENTS = 8;
const MEASURE_MS = 5_000;
const WARM_UP_MS = 1_000;
/** Rounds of (PutItem rate, execution rate), alternated; the medians are compared, as the machine's load moves. */
const ROUNDS = 3;
const TARGET = 0.5;

const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

/** Ten Pass states in a row: the service's own cost, with nothing else in the way. */
function passes(count: number, last: Record<string, unknown> = { End: true }): Record<string, unknown> {
  const states: Record<string, unknown> = {};
  for (let i = 1; i <= count; i++) states[`Pass${i}`] = { Type: 'Pass', Result: { step: i }, ResultPath: `$.step${i}`, ...(i < count ? { Next: `Pass${i + 1}` } : last) };
  return states;
}

const machines = [
  { name: 'ten-passes', definition: JSON.stringify({ StartAt: 'Pass1', States: passes(10) }) },
  { name: 'one-wait', definition: JSON.stringify({ StartAt: 'Pass1', States: { ...passes(10, { Next: 'Pause' }), Pause: { Type: 'Wait', Seconds: 60, End: true } } }) },
  {
    name: 'one-callback',
    definition: JSON.stringify({
      StartAt: 'Pass1',
      States: { ...passes(10, { Next: 'Ask' }), Ask: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: fn('ask'), Payload: { 'token.$': '$$.Task.Token' } }, End: true } },
    }),
  },
];

/** A DynamoDB client that counts its requests by operation. */
function countedClient(endpoint: string) {
  const client = new DynamoDBClient({ endpoint });
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const kind = context.commandName ?? 'unknown';
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  const total = () => [...counts.values()].reduce((sum, count) => sum + count, 0);
  return { client, counts, total };
}

/** Runs `work` from CLIENTS loops for MEASURE_MS after a warm-up; returns completions per second. */
async function rate(work: () => Promise<void>): Promise<number> {
  let measuring = false;
  let done = 0;
  const stopAt = Date.now() + WARM_UP_MS + MEASURE_MS;
  setTimeout(() => (measuring = true), WARM_UP_MS);
  let startedAt = 0;
  setTimeout(() => (startedAt = performance.now()), WARM_UP_MS);
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < stopAt) {
        await work();
        if (measuring) done += 1;
      }
    }),
  );
  return done / ((performance.now() - startedAt) / 1000);
}

/** The Step Functions JSON protocol, over node:http (support/http.ts says why not the SDK or fetch). */
async function call(endpoint: string, operation: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await send(endpoint, { method: 'POST', headers: { 'x-amz-target': `AWSStepFunctions.${operation}`, 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify(body) });
  const reply = JSON.parse(response.text) as Record<string, unknown>;
  if (response.status !== 200) throw new Error(`${operation}: ${response.text}`);
  return reply;
}

async function untilClosed(endpoint: string, executionArn: string): Promise<void> {
  for (;;) {
    const described = await call(endpoint, 'DescribeExecution', { executionArn });
    if (described.status !== 'RUNNING') {
      if (described.status !== 'SUCCEEDED') throw new Error(`${executionArn} ended ${String(described.status)}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
}

/** Ends are reported before their writes land: counts are taken once those have. */
const writesLanded = () => new Promise((resolve) => setTimeout(resolve, 3_000));

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** DynamoDB requests per execution of a machine, over `count` executions run to the end. */
async function requestsPerExecution(service: StepFunctionsService, counter: ReturnType<typeof countedClient>, machine: string, count: number, release: () => Promise<void>) {
  await writesLanded();
  const before = counter.total();
  const arns = await Promise.all(
    Array.from({ length: count }, async () => (await call(service.endpoint, 'StartExecution', { stateMachineArn: service.stateMachineArn(machine), input: '{}' })).executionArn as string),
  );
  await release();
  await Promise.all(arns.map((arn) => untilClosed(service.endpoint, arn)));
  await writesLanded();
  return (counter.total() - before) / count;
}

const bench: Benchmark = {
  name: 'sfn',
  title: 'Local Step Functions service: a 10-Pass workflow at 8 clients against DynamoDB Local',
  async run() {
    useLocalAwsEnv();
    const dynamo = await startDynamoDbLocal();
    let service: StepFunctionsService | undefined;
    const sfnClients: SFNClient[] = [];
    try {
      // The bound: DynamoDB Local's PutItem rate from the same number of clients, in this run.
      const plain = new DynamoDBClient({ endpoint: dynamo.endpoint });
      await plain.send(
        new CreateTableCommand({ TableName: 'bench-put', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }),
      );
      const putOnce = async () => {
        await plain.send(new PutItemCommand({ TableName: 'bench-put', Item: { pk: { S: randomUUID() }, status: { S: 'RUNNING' }, input: { S: '{}' } } }));
      };

      const counter = countedClient(dynamo.endpoint);
      let answer: SFNClient | undefined;
      service = await startStepFunctionsService({
        dynamoEndpoint: dynamo.endpoint,
        dynamoClient: counter.client,
        tableName: 'bench-sfn',
        stateMachines: machines,
        async invokeFunction(_arn, payload) {
          await answer?.send(new SendTaskSuccessCommand({ taskToken: (payload as { token: string }).token, output: '{}' }));
          return null;
        },
      });
      answer = new SFNClient({ endpoint: service.endpoint });
      sfnClients.push(answer);
      const running = service;

      const startCounts = new Map(counter.counts);
      const before = counter.total();
      let executions = 0;
      const runOnce = async () => {
        const started = await call(running.endpoint, 'StartExecution', { stateMachineArn: running.stateMachineArn('ten-passes'), input: '{}' });
        await untilClosed(running.endpoint, started.executionArn as string);
        executions += 1;
      };
      const putRates: number[] = [];
      const executionRates: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        putRates.push(await rate(putOnce));
        executionRates.push(await rate(runOnce));
      }
      plain.destroy();
      await writesLanded();
      const putRate = median(putRates);
      const executionRate = median(executionRates);
      const perExecution = (counter.total() - before) / executions;
      const kinds = [...counter.counts].map(([kind, count]) => [kind.replace(/Command$/, ''), (count - (startCounts.get(kind) ?? 0)) / executions] as const).filter(([, count]) => count > 0).map(([kind, count]) => `${kind} ${count.toFixed(2)}`).join(', ');

      const withWait = await requestsPerExecution(running, counter, 'one-wait', 50, async () => {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        await running.advanceClock(60);
      });
      const withCallback = await requestsPerExecution(running, counter, 'one-callback', 50, async () => undefined);

      const bound = putRate / perExecution;
      const ratio = executionRate / bound;
      const figure = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
      const markdown = [
        `**${figure(executionRate)} executions/s** of a 10-Pass workflow from ${CLIENTS} clients (StartExecution, then DescribeExecution until SUCCEEDED; median of ${ROUNDS} rounds of ${MEASURE_MS / 1000} s), ` +
          `**${figure(perExecution, 2)} DynamoDB requests per execution** (${kinds}; at most 3 allowed).`,
        '',
        `Bound: DynamoDB Local's PutItem rate from ${CLIENTS} clients in the same run (median of ${ROUNDS} rounds, alternated with the executions' rounds: ${putRates.map((value) => figure(value)).join(', ')}/s), ${figure(putRate)}/s, ÷ ${figure(perExecution, 2)} requests per execution = ${figure(bound)} executions/s. ` +
          `**Ratio ${figure(ratio, 2)}** (target ≥ ${TARGET}) — ${ratio >= TARGET ? 'met' : 'NOT met'}.`,
        '',
        '| workflow | DynamoDB requests per execution | allowed |',
        '|---|---|---|',
        `| 10 Pass | ${figure(perExecution, 2)} | 3 |`,
        `| 10 Pass + one Wait (clock advanced past it) | ${figure(withWait, 2)} | 5 |`,
        `| 10 Pass + one callback (.waitForTaskToken, answered at once) | ${figure(withCallback, 2)} | 5 |`,
      ].join('\n');
      return { markdown };
    } finally {
      for (const client of sfnClients) client.destroy();
      closeConnections();
      await service?.stop();
      await dynamo.stop();
    }
  },
};

export default bench;
