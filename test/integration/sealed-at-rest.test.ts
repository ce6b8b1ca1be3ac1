import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/store/client.ts';
import { sealLegacyItems } from '../../functions/store/legacy-fields.ts';
import { openNumber } from '../../functions/store/sealed-fields.ts';
import { isSealed } from '../../functions/domain/sealed.ts';
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

  it('seals an application written before encryption in place with the one-off migration, and takes a plain (legacy) value as it is', async () => {
    const submitted = await runtime.request('POST', '/applications', {
      token: await runtime.tokenOf('w-zhang-wei'),
      body: { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2008-06-01', '088') })) },
    });
    await untilStatus(runtime, 'w-zhang-wei', submitted.body.id, 'PENDING_APPROVAL');
    const stored = (await db.send(new GetCommand({ TableName: runtime.tableName, Key: { pk: `APP#${submitted.body.id}`, sk: 'APP' } }))).Item as Record<string, any>;
    const legacyId = `${submitted.body.id}-OLD`;
    const plain = { ...stored.details, child: { ...stored.details.child, idNumber: residentId('420106', '2008-06-02', '099') }, bankAccount: { ...stored.details.bankAccount, number: '6222020000111122223' } };
    await db.send(new PutCommand({ TableName: runtime.tableName, Item: { ...stored, pk: `APP#${legacyId}`, id: legacyId, details: plain, gsi1pk: 'LEGACY', gsi2pk: 'LEGACY' } }));

    const report = await sealLegacyItems();

    expect(report.sealed).toBeGreaterThanOrEqual(1);
    const sealed = (await db.send(new GetCommand({ TableName: runtime.tableName, Key: { pk: `APP#${legacyId}`, sk: 'APP' } }))).Item as Record<string, any>;
    expect(isSealed(sealed.details.child.idNumber)).toBe(true);
    expect(isSealed(sealed.details.bankAccount.number)).toBe(true);
    expect(await openNumber(sealed.details.child.idNumber)).toBe(residentId('420106', '2008-06-02', '099'));
    expect(await openNumber(sealed.details.bankAccount.number)).toBe('6222020000111122223');
    expect(await openNumber('6222020000111122223')).toBe('6222020000111122223');
    expect((await sealLegacyItems()).sealed).toBe(0);
  });
});
