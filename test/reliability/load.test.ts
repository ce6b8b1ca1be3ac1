import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regionFromTemplate } from '../../infra/local/demo-region.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { localDay, testYear } from '../support/calendar.ts';
import { loadRegionTemplate, runLoad } from '../support/load.ts';
import { budgetProblems, verifyDatabase } from '../support/invariants.ts';
import { scale } from './scale.ts';

describe(`${scale.loadApplications} applications of the three programs from ${scale.clients} clients`, () => {
  let runtime: TestRuntime;

  beforeAll(async () => {
    const template = loadRegionTemplate(scale.loadApplications);
    runtime = await startTestRuntime({ region: (seedDay) => regionFromTemplate(template, seedDay) });
  }, 120_000);
  afterAll(async () => {
    await runtime?.stop();
  });

  it(
    'all end final, none paid twice, budgets never over-committed, every audit chain verifies, and the counts add up',
    async () => {
      const sampled: string[] = [];
      const report = await runLoad({
        url: runtime.url,
        applications: scale.loadApplications,
        clients: scale.clients,
        today: localDay(),
        timeoutMs: scale.timeoutMs,
        ...(scale.full || process.env.RELIABILITY_LOG ? { log: (line: string) => console.log(line) } : {}),
        tick: async () => {
          sampled.push(...(await budgetProblems(testYear)));
        },
      });

      expect(report.refused).toEqual({});
      expect(report.serverErrors).toEqual({});
      expect(sampled).toEqual([]);
      const verdict = await verifyDatabase(report.ids, testYear);
      expect(verdict.problems).toEqual([]);
      expect(Object.values(verdict.byStatus).reduce((sum, count) => sum + count, 0)).toBe(scale.loadApplications);
      expect(verdict.byStatus.PAID).toBeGreaterThan(0);
    },
    scale.timeoutMs + 60_000,
  );
});
