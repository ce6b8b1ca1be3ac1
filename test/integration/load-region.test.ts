import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import demo from '../../functions/domain/demo-region.json' with { type: 'json' };
import { tableSchema } from '../../functions/store/table.ts';
import { ensureTable } from '../../infra/local/tables.ts';
import { repoRoot } from '../../infra/local/runtime.ts';

/** A small region of one's own: a city with one workplace union, a worker, an official and autumn aid. */
const region = {
  orgUnits: [
    { id: 'north', name: { zh: '北市总工会', en: 'North City Federation' }, parent: null, level: 3 },
    { id: 'north-mill', name: { zh: '北市纺织厂工会', en: 'North Mill Union' }, parent: 'north', level: 1 },
  ],
  users: [
    { sub: 'c0ffee00-1111-4222-8333-444455556666', name: '马丽', groups: ['worker'], orgUnit: 'north-mill', member: { number: 'N-1', since: '2015-04-01', active: true, gender: 'female', birthDate: '1980-02-02', hardshipFile: null, category: 'employee' } },
    { sub: 'c0ffee00-7777-4888-9999-000011112222', name: '牛强', groups: ['official'], orgUnit: 'north-mill', level: 1 },
  ],
  // An operator's file has plain dates; only the demo's are relative to the day it is seeded.
  policies: { 'autumn-aid': { ...demo.policies['autumn-aid'], orgUnit: 'north', effectiveFrom: '2026-01-01' } },
  budgets: [{ program: 'autumn-aid', year: 2026, orgUnit: 'north', allocatedFen: 10_000_000 }],
};

describe('npm run load-region', () => {
  const endpoint = inject('dynamoEndpoint');
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const dir = mkdtempSync(join(tmpdir(), 'warmth-region-'));

  async function freshTable(): Promise<string> {
    const name = `region-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    await ensureTable(client, name, tableSchema);
    return name;
  }
  const load = (table: string, content: unknown) => {
    const file = join(dir, `${table}.json`);
    writeFileSync(file, JSON.stringify(content));
    return spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'infra/ops/load-region.ts'), file], {
      env: { ...process.env, TABLE_NAME: table, AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
      encoding: 'utf8',
    });
  };
  const itemCount = async (table: string) => (await client.send(new ScanCommand({ TableName: table, Select: 'COUNT' }))).Count ?? 0;

  it('loads a region of its own once, and refuses to load it twice', async () => {
    const table = await freshTable();
    const first = load(table, region);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('2 org units, 2 people, 1 policies, 1 budgets');
    const loaded = await itemCount(table);
    expect(loaded).toBeGreaterThan(5);
    const again = load(table, region);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('loaded before');
    expect(await itemCount(table)).toBe(loaded);
  });

  it('names every problem of a wrong file and writes nothing', async () => {
    const table = await freshTable();
    const wrong = {
      ...region,
      orgUnits: [...region.orgUnits, { id: 'south-mill', name: { zh: '南厂工会', en: 'South Mill' }, parent: 'south', level: 1 }],
      policies: { 'autumn-aid': { ...region.policies['autumn-aid'], parameters: { ...region.policies['autumn-aid'].parameters, publicNoticeDays: -1 } }, 'free-lunch': region.policies['autumn-aid'] },
    };
    const result = load(table, wrong);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('orgUnits.2.parent: 没有组织 south');
    expect(result.stderr).toContain('policies.autumn-aid.parameters.publicNoticeDays');
    expect(result.stderr).toContain('policies.free-lunch: 没有项目 free-lunch');
    expect(await itemCount(table)).toBe(0);
  });
});
