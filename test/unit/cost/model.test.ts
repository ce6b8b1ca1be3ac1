import { describe, expect, it } from 'vitest';
import { billedUnits, inlineHistoryExtraUnits, monthlyFixed, monthlyVariable, total, type PerApplication } from '../../../bench/cost/model.ts';
import { usEast1, type Prices } from '../../../bench/cost/prices.ts';

/** One application that uses one of everything, priced at $1 a unit, so each line reads as a count. */
const unit: PerApplication = { transitions: 1, invocations: 1, durationMs: 1000, apiRequests: 1, writeUnits: 1, readUnits: 1, logBytes: 0, s3Puts: 1, s3Gets: 1, storedBytes: 0, documentBytes: 0, traces: 1 };
const dollar: Prices = { ...usEast1, stepFunctionsPerTransition: 1, lambdaPerRequest: 1, lambdaPerGbSecond: 1, httpApiPerRequest: 1, dynamoPerWriteUnit: 1, dynamoPerReadUnit: 1, s3PerPut: 1, s3PerGet: 1, xrayPerTraceRecorded: 1 };

describe('the cost arithmetic', () => {
  it('prices a month as a twelfth of the year’s applications, Lambda duration at 512 MB', () => {
    const lines = monthlyVariable(unit, 1_200, dollar);
    const line = (item: string) => lines.find((entry) => entry.item.startsWith(item))?.usd;
    expect(line('Step Functions')).toBe(100);
    expect(line('Lambda duration')).toBe(50);
    expect(line('DynamoDB writes')).toBe(100);
    expect(line('S3')).toBe(200);
    expect(total(lines)).toBe(100 * 8 + 50);
  });

  it('prices storage as a year of applications kept, table with PITR', () => {
    const gb = 1024 ** 3;
    const lines = monthlyVariable({ ...unit, storedBytes: gb / 1_000 }, 1_000, usEast1);
    expect(lines.find((entry) => entry.item.startsWith('DynamoDB storage'))?.usd).toBeCloseTo(0.25 + 0.2, 10);
  });

  it('leaves X-Ray out where tracing is off', () => {
    expect(monthlyVariable(unit, 12, dollar, { tracing: false }).some((line) => line.item.startsWith('X-Ray'))).toBe(false);
  });

  it('halves DynamoDB Local’s transactional write units to AWS’s 2 per KB, and keeps the others', () => {
    expect(billedUnits('TransactWriteItems', { table: 12, indexes: 12 })).toEqual({ table: 6, indexes: 6 });
    expect(billedUnits('PutItem', { table: 3, indexes: 3 })).toEqual({ table: 3, indexes: 3 });
  });

  it('models the whole-item history as each entry so far rewritten in the table and both indexes', () => {
    // A 1,000-byte item: the first 500-byte entry takes it to 2 KB (+1 KB), the second to 2 KB (+1 KB), the third to 3 KB (+2 KB).
    expect(inlineHistoryExtraUnits([500, 500, 500], 1_000)).toBe((1 + 1 + 2) * 2 * 3);
    expect(inlineHistoryExtraUnits([], 1_000)).toBe(0);
  });

  it('prices each alarm metric, the dashboard, keys, secrets and the scheduled runs', () => {
    const fixed = monthlyFixed({ alarms: 10, dashboards: 1, kmsKeys: 2, secrets: 1, customMetrics: 0, scheduledInvocations: 1_000_000, scheduledDurationMs: 0 }, usEast1);
    expect(total(fixed)).toBeCloseTo(10 * 0.1 + 3 + 2 + 0.4 + 0.2, 10);
  });
});
