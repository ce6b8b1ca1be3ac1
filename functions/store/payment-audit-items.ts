import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { toBudget, type Budget } from './budgets.ts';
import { db } from './client.ts';
import type { Profile } from './directory.ts';
import { keys, withoutKeys } from './keys.ts';
import { ruleSettingsOf, type StoredRuleSettings } from './payment-rules.ts';
import { tableName } from './table.ts';

export interface PaymentAuditItems {
  budget?: Budget;
  /** By sub; a person without a profile is missing. */
  profiles: Map<string, Profile>;
  /** Present when asked for (`rulesOf`): the stored settings, or the defaults. */
  rules?: StoredRuleSettings;
}

/**
 * What a payment audit reads by key for one candidate, in one consistent BatchGetItem rather than
 * one request each: the budget its reservation is on, the profiles of its payee and approvers
 * (their declared households), and its program's rule settings when those are not read yet.
 */
export async function getPaymentAuditItems(wanted: { budget?: { program: string; year: number; orgUnit: string }; profiles: readonly string[]; rulesOf?: string }): Promise<PaymentAuditItems> {
  const budgetKey = wanted.budget ? keys.budget(wanted.budget.program, wanted.budget.year, wanted.budget.orgUnit) : undefined;
  const rulesKey = wanted.rulesOf ? keys.paymentRules(wanted.rulesOf) : undefined;
  const profileKeys = [...new Set(wanted.profiles)].map((sub) => keys.profile(sub));
  const all: Record<string, unknown>[] = [...(budgetKey ? [budgetKey] : []), ...(rulesKey ? [rulesKey] : []), ...profileKeys];
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < all.length; i += 100) {
    let request: Record<string, unknown>[] | undefined = all.slice(i, i + 100);
    while (request?.length) {
      const out: BatchGetCommandOutput = await db.send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: request, ConsistentRead: true } } }));
      found.push(...(out.Responses?.[tableName()] ?? []));
      request = out.UnprocessedKeys?.[tableName()]?.Keys;
    }
  }
  const is = (item: Record<string, unknown>, key: { pk: string; sk: string } | undefined) => key !== undefined && item.pk === key.pk && item.sk === key.sk;
  const budget = found.find((item) => is(item, budgetKey));
  const profiles = new Map<string, Profile>();
  for (const item of found.filter((candidate) => profileKeys.some((key) => is(candidate, key)))) {
    const profile = withoutKeys<Profile>(item);
    profiles.set(profile.sub, profile);
  }
  return {
    ...(budget ? { budget: toBudget(budget) } : {}),
    profiles,
    ...(wanted.rulesOf ? { rules: ruleSettingsOf(wanted.rulesOf, found.find((item) => is(item, rulesKey))) } : {}),
  };
}
