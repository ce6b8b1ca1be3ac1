import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSealed, markOf, parseSealed } from '../../functions/domain/sealed.ts';
import { formerIndexes, tableSchema } from '../../functions/store/table.ts';
import { keys } from '../../functions/store/keys.ts';
import { listApplicationsOfApplicant } from '../../functions/store/applications.ts';
import { listBatches, listSettled } from '../../functions/store/payments.ts';
import { ensureTable } from '../../infra/local/tables.ts';
import { openNumber } from '../../functions/store/sealed-fields.ts';
import { backfillListings, listingsComplete } from '../../functions/store/listing-backfill.ts';
import { db } from '../../functions/store/client.ts';
import { DeleteCommand, ScanCommand as ScanItems, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { autumnAidDetails, decide, untilStatus, withDocuments } from '../support/applications.ts';
import { sentBatch } from '../support/batches.ts';
import { residentId } from '../support/id-numbers.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { testYear } from '../support/calendar.ts';

/** Every string anywhere in a raw DynamoDB item, attribute names too. */
function textsOf(value: AttributeValue | Record<string, AttributeValue>): string[] {
  const attribute = value as AttributeValue;
  if (attribute.S !== undefined) return [attribute.S];
  if (attribute.N !== undefined) return [attribute.N];
  if (attribute.SS) return attribute.SS;
  if (attribute.L) return attribute.L.flatMap(textsOf);
  if (attribute.M) return Object.entries(attribute.M).flatMap(([name, inner]) => [name, ...textsOf(inner)]);
  if (attribute.BOOL !== undefined || attribute.NULL !== undefined || attribute.B !== undefined || attribute.NS) return [];
  return Object.entries(value as Record<string, AttributeValue>).flatMap(([name, inner]) => [name, ...textsOf(inner)]);
}

/** Every entry of every index of the table, as a query on it would return them. */
async function scanIndexes(runtime: TestRuntime): Promise<Record<string, AttributeValue>[]> {
  const client = new DynamoDBClient({ endpoint: runtime.dynamoEndpoint });
  const entries: Record<string, AttributeValue>[] = [];
  for (const index of tableSchema.globalIndexes) {
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: runtime.tableName, IndexName: index.name, ExclusiveStartKey: start }));
      entries.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
  }
  client.destroy();
  return entries;
}

const ownAttributes = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'listing']);

describe('the indexes, which copy each listed item’s listing alone', () => {
  let runtime: TestRuntime;
  const childId = residentId('420106', '2008-07-21', '066');
  const cardNumber = '6222021234567890123';
  /** Every index entry seen at each stage of one application's life, and what each list showed then. */
  const entries: Record<string, AttributeValue>[] = [];
  const seen: Record<string, any> = {};
  let id: string;

  beforeAll(async () => {
    // The SMS sender runs when told to, so the messages waiting for it are seen in the index.
    runtime = await startTestRuntime({ textIntervalSeconds: 0 });
    const worker = await runtime.tokenOf('w-zhang-wei');
    const submitted = await runtime.request('POST', '/applications', {
      token: worker,
      body: { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', { ...autumnAidDetails({ childId }), bankAccount: { holder: '张伟', bank: '中国工商银行', number: cardNumber } }) },
    });
    id = submitted.body.id;
    seen.pending = await untilStatus(runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    seen.inbox = await eventually(async () => {
      const inbox = await runtime.request('GET', '/approvals', { token: await runtime.tokenOf('o-east-machinery') });
      return inbox.body.items.find((item: { applicationId: string }) => item.applicationId === id);
    });
    seen.workerList = (await runtime.request('GET', '/applications', { token: worker })).body.items.find((item: { id: string }) => item.id === id);
    seen.officialList = (await runtime.request('GET', '/applications?status=PENDING_APPROVAL', { token: await runtime.tokenOf('o-city') })).body.items.find((item: { id: string }) => item.id === id);
    seen.colleagues = (await runtime.request('GET', '/colleagues', { token: await runtime.tokenOf('o-east') })).body.items;
    seen.members = (await runtime.request('GET', '/members', { token: await runtime.tokenOf('o-east-machinery') })).body.items;
    entries.push(...(await scanIndexes(runtime)));

    for (const official of ['o-east-machinery', 'o-east', 'o-city']) expect((await decide(runtime, official, id, 'approve')).status).toBe(200);
    seen.notice = await untilStatus(runtime, 'w-zhang-wei', id, 'PUBLIC_NOTICE');
    seen.notices = (await runtime.request('GET', '/public-notices', { token: await runtime.tokenOf('o-city') })).body.items.find((item: { id: string }) => item.id === id);
    entries.push(...(await scanIndexes(runtime)));

    await runtime.advanceClock(5 * 86_400 + 60);
    await untilStatus(runtime, 'w-zhang-wei', id, 'DISBURSING');
    const finance = await runtime.tokenOf('f-city');
    seen.waiting = (await runtime.request('GET', `/reports/payments?year=${testYear}&format=json`, { token: finance })).body.items.find((item: { applicationId: string }) => item.applicationId === id);
    expect((await runtime.request('POST', `/payment-instructions/${seen.waiting.instructionId}/hold`, { token: finance, body: { comment: '核对账户' } })).status).toBe(200);
    seen.held = (await runtime.request('GET', '/payment-instructions?state=held', { token: finance })).body.items.find((item: { applicationId: string }) => item.applicationId === id);
    // The approval's SMS copy waits for the sender meanwhile.
    entries.push(...(await scanIndexes(runtime)));
    seen.texts = await runtime.sendTexts();
    expect((await runtime.request('POST', `/payment-instructions/${seen.waiting.instructionId}/release-hold`, { token: finance })).status).toBe(200);

    const { batch } = await sentBatch(runtime, { program: 'autumn-aid' });
    seen.batch = batch;
    seen.batches = (await runtime.request('GET', '/payment-batches', { token: finance })).body.items.find((item: { batchId: string }) => item.batchId === batch.batchId);
    entries.push(...(await scanIndexes(runtime)));
    const lines = (batch.instructions as { instructionId: string; amountFen: number }[]).map((item) => `${item.instructionId},${(item.amountFen / 100).toFixed(2)},SUCCESS,BK-7`);
    const imported = await runtime.request('POST', `/payment-batches/${batch.batchId}/bank-results`, { token: finance, rawBody: `instruction id,amount,status,reference\n${lines.join('\n')}\n`, headers: { 'content-type': 'text/csv' } });
    expect(imported.status).toBe(200);
    seen.paid = await untilStatus(runtime, 'w-zhang-wei', id, 'PAID');
    seen.paidLine = (await runtime.request('GET', `/reports/payments?year=${testYear}&format=json`, { token: finance })).body.items.find((item: { applicationId: string }) => item.applicationId === id);
    entries.push(...(await scanIndexes(runtime)));
  }, 120_000);
  afterAll(async () => {
    await runtime?.stop();
  });

  it('hold each listed item’s keys and listing only: no resident-ID or card number, sealed or not, no details, no task token', () => {
    const kinds = new Set(entries.map((entry) => `${entry.pk?.S?.split('#')[0]} ${entry.sk?.S?.split('#')[0]}`));
    // The application, its approvals and payment instruction, the batch, the org units, the officials and members, the messages waiting for the SMS sender.
    expect([...kinds]).toEqual(expect.arrayContaining(['APP APP', 'APP APPROVAL', 'APP PAYMENT', 'BATCH BATCH', 'ORG ORG', 'USER PROFILE']));
    expect([...kinds].filter((kind) => kind.startsWith('INBOX '))).not.toEqual([]);
    expect(entries.flatMap((entry) => Object.keys(entry).filter((name) => !ownAttributes.has(name)))).toEqual([]);
    expect(entries.filter((entry) => !entry.listing).map((entry) => `${entry.pk?.S} ${entry.sk?.S}`)).toEqual([]);
    const texts = entries.flatMap(textsOf);
    expect(texts.filter((text) => text.includes(childId) || text.includes(cardNumber) || text.includes(cardNumber.slice(0, 12)))).toEqual([]);
    // A number a listing compares (the child's, for earlier benefits) it holds by its mark: nothing to open.
    const sealedTexts = texts.filter(isSealed);
    expect(sealedTexts.length).toBeGreaterThan(0);
    expect(sealedTexts.filter((text) => parseSealed(text)?.ciphertext !== '')).toEqual([]);
    // Of the details only the facts listings read; of the decision no facts or computation.
    expect(texts.filter((name) => ['bankAccount', 'school', 'taskToken', 'accountNumber', 'facts', 'computation'].includes(name))).toEqual([]);
  });

  it('cannot be opened where they carry a number’s mark', async () => {
    const mark = entries.flatMap(textsOf).find(isSealed) as string;
    expect(markOf(mark)).toBe(mark);
    await expect(openNumber(mark)).rejects.toThrow(/mark/);
  });

  it('give items written before listings, once backfilled, the very listing their writes give them', async () => {
    const listedItems = async () => {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await db.send(new ScanItems({ TableName: runtime.tableName, ExclusiveStartKey: start, FilterExpression: 'attribute_exists(listing)', ConsistentRead: true }));
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return new Map(items.map((item) => [`${item.pk} ${item.sk}`, item.listing]));
    };
    const written = await listedItems();
    expect(written.size).toBeGreaterThan(20);
    for (const key of written.keys()) {
      const [pk, sk] = key.split(' ') as [string, string];
      await db.send(new UpdateCommand({ TableName: runtime.tableName, Key: { pk, sk }, UpdateExpression: 'REMOVE listing' }));
    }
    await db.send(new DeleteCommand({ TableName: runtime.tableName, Key: keys.listingsMarker() }));
    expect(await listingsComplete()).toBe(false);

    const report = await backfillListings();

    expect(report.listed).toBe(written.size);
    expect(await listedItems()).toEqual(written);
    expect(await listingsComplete()).toBe(true);
    expect((await backfillListings()).listed).toBe(0);
  });

  it('serve the same listings from the former whole-item indexes while a stage’s rollout has not switched, making an item written before listings into its listing', async () => {
    const lists = async () => ({
      mine: (await listApplicationsOfApplicant('w-zhang-wei', {}, 50)).items,
      paidOnly: (await listApplicationsOfApplicant('w-zhang-wei', { status: 'PAID', program: 'autumn-aid', year: testYear }, 50)).items,
      batches: await listBatches(10),
      paid: await listSettled('PAID', testYear),
    });
    const fromListings = await lists();
    expect(fromListings.paidOnly.map((application) => application.id)).toEqual([id]);
    const client = new DynamoDBClient({ endpoint: runtime.dynamoEndpoint });
    await ensureTable(client, runtime.tableName, { ...tableSchema, globalIndexes: [...tableSchema.globalIndexes, ...formerIndexes] });
    client.destroy();
    const application = keys.application(id);
    const { Attributes: before } = await db.send(new UpdateCommand({ TableName: runtime.tableName, Key: application, UpdateExpression: 'REMOVE listing', ReturnValues: 'ALL_OLD' }));
    process.env.TABLE_INDEXES = 'former';
    try {
      expect(await lists()).toEqual(fromListings);
    } finally {
      delete process.env.TABLE_INDEXES;
      await db.send(new UpdateCommand({ TableName: runtime.tableName, Key: application, UpdateExpression: 'SET listing = :listing', ExpressionAttributeValues: { ':listing': before?.listing } }));
    }
  });

  it('still give every list what it showed: the applications, the approvals inbox, the notices, colleagues, payments waiting, held, batched and paid, the SMS copies', () => {
    const summary = { id, program: 'autumn-aid', status: 'PENDING_APPROVAL', submittedAt: seen.pending.submittedAt, year: seen.pending.year, applicant: { name: '张伟', orgUnit: seen.pending.applicant.orgUnit, memberNumber: seen.pending.applicant.memberNumber }, eligible: true, amountFen: seen.pending.decision.amountFen };
    expect(seen.workerList).toMatchObject(summary);
    expect(seen.officialList).toMatchObject(summary);
    expect(seen.inbox).toMatchObject({ applicationId: id, level: 1, round: 1, application: summary, decision: { eligible: true, amountFen: seen.pending.decision.amountFen } });
    expect(seen.inbox.decision.checks.length).toBeGreaterThan(0);
    expect(seen.colleagues).toEqual([{ sub: 'o-east-2', name: expect.any(String) }]);
    expect(seen.members).toContainEqual(expect.objectContaining({ sub: 'w-zhang-wei', name: '张伟', orgUnit: seen.pending.applicant.orgUnit, memberNumber: seen.pending.applicant.memberNumber }));
    expect(seen.notices).toMatchObject({ id, program: 'autumn-aid', applicant: { name: '张伟' }, amountFen: seen.pending.decision.amountFen, noticeEndsAt: seen.notice.noticeEndsAt, mine: false });
    const masked = `${'*'.repeat(cardNumber.length - 4)}${cardNumber.slice(-4)}`;
    expect(seen.waiting).toMatchObject({ applicationId: id, status: 'PENDING', payeeName: '张伟', bank: '中国工商银行', accountNumber: masked, amountFen: seen.pending.decision.amountFen, applicant: { name: '张伟' }, idNumberMasked: expect.stringMatching(/^420106\*+/) });
    expect(seen.held).toMatchObject({ applicationId: id, status: 'HELD', accountNumber: masked, hold: { comment: '核对账户' } });
    expect(seen.held.trail.length).toBeGreaterThan(0);
    expect(seen.batches).toMatchObject({ batchId: seen.batch.batchId, count: seen.batch.count, totalFen: seen.batch.totalFen, status: 'SENT' });
    expect(seen.batches.auditHash).toBeUndefined();
    expect(seen.paidLine).toMatchObject({ applicationId: id, status: 'PAID', accountNumber: masked, bankReference: 'BK-7', batchId: seen.batch.batchId });
    expect(seen.texts).toBe(1);
    expect(runtime.outbox()).toEqual([expect.objectContaining({ text: expect.stringContaining('金秋助学申请已批准') })]);
  });
});
