import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { autumnAidDetails, decide, untilStatus, withDocuments } from '../support/applications.ts';
import { sentBatch } from '../support/batches.ts';
import { residentId } from '../support/id-numbers.ts';

/** Every string, number and binary anywhere in a raw DynamoDB item (names too), as text. */
function textsOf(value: AttributeValue | Record<string, AttributeValue>): string[] {
  const attribute = value as AttributeValue;
  if (attribute.S !== undefined) return [attribute.S];
  if (attribute.N !== undefined) return [attribute.N];
  if (attribute.B !== undefined) return [Buffer.from(attribute.B).toString('utf8')];
  if (attribute.SS) return attribute.SS;
  if (attribute.NS) return attribute.NS;
  if (attribute.L) return attribute.L.flatMap(textsOf);
  if (attribute.M) return Object.entries(attribute.M).flatMap(([name, inner]) => [name, ...textsOf(inner)]);
  if (attribute.BOOL !== undefined || attribute.NULL !== undefined) return [];
  return Object.entries(value as Record<string, AttributeValue>).flatMap(([name, inner]) => [name, ...textsOf(inner)]);
}

async function scanTable(endpoint: string, table: string): Promise<Record<string, AttributeValue>[]> {
  const client = new DynamoDBClient({ endpoint });
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  client.destroy();
  return items;
}

describe('resident-ID and bank-card numbers at rest', () => {
  let runtime: TestRuntime;
  const childId = residentId('420106', '2008-04-09', '077');
  const cardNumber = '6222021234567890123';

  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('are in no attribute of any item in clear after an application’s whole life, yet the decider and the bank file see them in full, each read audited', async () => {
    const submitted = await runtime.request('POST', '/applications', {
      token: await runtime.tokenOf('w-zhang-wei'),
      body: { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', { ...autumnAidDetails({ childId }), bankAccount: { holder: '张伟', bank: '中国工商银行', number: cardNumber } }) },
    });
    expect(submitted.status).toBe(202);
    const id = submitted.body.id as string;
    await untilStatus(runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    const forDecider = await eventually(async () => {
      const seen = await runtime.request('GET', `/applications/${id}`, { token: await runtime.tokenOf('o-east-machinery') });
      return seen.body.approvals.length > 0 ? seen : undefined;
    });
    expect(forDecider.body.details.child.idNumber).toBe(childId);
    expect(forDecider.body.details.bankAccount.number).toBe(`${'*'.repeat(cardNumber.length - 4)}0123`);
    for (const official of ['o-east-machinery', 'o-east', 'o-city']) expect((await decide(runtime, official, id, 'approve')).status).toBe(200);
    await untilStatus(runtime, 'w-zhang-wei', id, 'PUBLIC_NOTICE');
    await runtime.advanceClock(5 * 86_400 + 60);
    await untilStatus(runtime, 'w-zhang-wei', id, 'DISBURSING');
    const { batch, bankFile } = await sentBatch(runtime, { program: 'autumn-aid' });
    expect(bankFile).toContain(cardNumber);
    const lines = (batch.instructions as { instructionId: string; amountFen: number }[]).map((item) => `${item.instructionId},${(item.amountFen / 100).toFixed(2)},SUCCESS,BK-1`);
    const imported = await runtime.request('POST', `/payment-batches/${batch.batchId}/bank-results`, {
      token: await runtime.tokenOf('f-city'),
      rawBody: `instruction id,account,amount,status,reference\n${lines.map((line) => line.replace(',', `,${cardNumber},`)).join('\n')}\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status).toBe(200);
    await untilStatus(runtime, 'w-zhang-wei', id, 'PAID');

    const items = await scanTable(runtime.dynamoEndpoint, runtime.tableName);
    expect(items.some((item) => item.sk?.S === 'APP' && item.pk?.S === `APP#${id}`)).toBe(true);
    const inClear = items.filter((item) => textsOf(item).some((text) => text.includes(childId) || text.includes(cardNumber)));
    expect(inClear.map((item) => `${item.pk?.S} ${item.sk?.S}`)).toEqual([]);
    const audit = await runtime.request('GET', `/audit/${id}`, { token: await runtime.tokenOf('a-city') });
    expect(audit.body.items.map((event: { action: string }) => event.action)).toContain('READ_ID_NUMBERS');
    const batchAudit = items.filter((item) => item.action?.S === 'DOWNLOAD_BANK_FILE').map((item) => item.after?.M?.read?.S);
    expect(batchAudit).toEqual(['accountNumber']);
  });
});
