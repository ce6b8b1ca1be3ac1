import type { Message } from '../message.ts';
import { requiredDocuments } from '../documents.ts';
import { formatYuan } from '../money.ts';
import { parseSealed } from '../sealed.ts';
import type { AmountsByPurpose, BenefitPurpose } from '../programs/types.ts';

/**
 * The six classes of payment audit rules run on every instruction before a batch is released
 * (业财融合: 预算、标准、单据、重复、权限、账户). Each is `warn` or `block` per program.
 */
export const ruleClasses = ['budget', 'standard', 'documents', 'duplicates', 'authority', 'account'] as const;
export type RuleClass = (typeof ruleClasses)[number];
export type RuleSeverity = 'warn' | 'block';
export type RuleSettings = Record<RuleClass, RuleSeverity>;

/** Until finance configures a program: money and people block, paperwork and the account warn. */
export const defaultRuleSettings: RuleSettings = { budget: 'block', standard: 'block', documents: 'warn', duplicates: 'block', authority: 'block', account: 'warn' };

export const ruleClassNames: Record<RuleClass, Message> = {
  budget: { zh: '预算', en: 'Budget' },
  standard: { zh: '标准', en: 'Standard' },
  documents: { zh: '单据', en: 'Documents' },
  duplicates: { zh: '重复', en: 'Duplicates' },
  authority: { zh: '审批权限', en: 'Authority' },
  account: { zh: '收款账户', en: 'Account' },
};

const documentNames: Record<string, Message> = {
  'admission-letter': { zh: '录取通知书', en: 'admission letter' },
  'income-proof': { zh: '收入证明', en: 'proof of income' },
  diagnosis: { zh: '诊断证明', en: 'diagnosis' },
};

/** Banks a card may name (the large national and joint-stock banks, and rural credit unions). */
const KNOWN_BANKS = ['中国工商银行', '中国农业银行', '中国银行', '中国建设银行', '交通银行', '中国邮政储蓄银行', '招商银行', '浦发银行', '中信银行', '中国光大银行', '华夏银行', '中国民生银行', '广发银行', '兴业银行', '平安银行', '浙商银行', '恒丰银行', '渤海银行', '农村商业银行', '农村信用社', '农商银行'];

/** The card number's check digit is right: a sealed number says so itself (functions/domain/sealed.ts). */
export function luhnValid(number: string): boolean {
  const sealed = parseSealed(number);
  if (sealed) return sealed.checkDigitValid === true;
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The bank named is one of the known banks (a branch name after it is fine: 中国银行示范市分行). */
export const bankKnown = (bank: string): boolean => KNOWN_BANKS.some((known) => bank.includes(known));

/** What the rules read about one instruction, gathered by the use case. */
export interface PaymentFacts {
  program: string;
  amountFen: number;
  decision: { eligible: boolean; amountFen: number; policyVersion?: string } | undefined;
  /** The reservation made at final approval, and whether the budget still holds at least that much reserved. */
  reservation: { amountFen: number } | undefined;
  budgetReservedFen: number | undefined;
  /** The kinds of the documents the application carries (uploaded and recognised). */
  attachmentKinds: string[];
  /** The kinds an official marked as accepted on review (and not since marked missing or unreadable). */
  acceptedKinds: string[];
  /** Grants of the same household this year in the entitlement ledger (reserved or paid, any program and unit) that duplicate this one (`duplicateBenefits`). */
  duplicateBenefits: DuplicateBenefit[];
  /** Other instructions of this batch to the same payee and account, for the same amount. */
  sameInBatch: string[];
  applicant: { sub: string; name: string };
  approvalLevels: number[];
  /** Decided approvals of the current round: level, who (by name too) and the household they declared, if any. */
  approvals: { level: number; sub: string; name?: string; decidedAt: string; household?: string[] }[];
  /** The names in the payee's household as last declared (a hardship-relief application), the payee left out. */
  payeeHousehold: string[];
  preparerSub: string;
  account: { holder: string; number: string; bank: string; changedAt?: string };
}

/**
 * Purposes granted once a year, and to whom: a second grant of the year for one is a duplicate
 * benefit. A festival benefit goes to the household, once, whatever the program or campaign;
 * schooling to each child, so two grants of one program are a duplicate only when they hold a
 * claim key in common (the same child). Living and medical aid come in several grants, capped by
 * the programs' own rules, which read the same ledger.
 */
export const oneOffPurposes: Partial<Record<BenefitPurpose, 'household' | 'beneficiary'>> = { festival: 'household', schooling: 'beneficiary' };

/** Another grant in the ledger for a one-off purpose this grant is for too. */
export interface DuplicateBenefit {
  applicationId: string;
  program: string;
  programName: Message;
  purpose: BenefitPurpose;
  purposeName: Message;
  amountFen: number;
}

/** A ledger entry as the duplicate rule reads it; `sharesClaim`: it and this grant hold a claim key in common (the same child, say). */
export interface LedgerGrant {
  applicationId: string;
  program: string;
  purposes: AmountsByPurpose;
  sharesClaim: boolean;
}

/**
 * The ledger's grants that duplicate this one: of the household's other grants this year (any
 * program, any unit), those for a one-off purpose this one is for too — except, for a purpose
 * granted per beneficiary, another grant of the same program holding no claim key in common with
 * it, which the program itself tells apart as another beneficiary (a second child's autumn aid).
 */
export function duplicateBenefits(
  grant: { applicationId: string; program: string; purposes: AmountsByPurpose },
  others: LedgerGrant[],
  naming: { program: (program: string) => Message; purpose: (purpose: BenefitPurpose) => Message },
): DuplicateBenefit[] {
  const mine = (Object.keys(oneOffPurposes) as BenefitPurpose[]).filter((purpose) => (grant.purposes[purpose] ?? 0) > 0);
  const found: DuplicateBenefit[] = [];
  for (const other of others) {
    if (other.applicationId === grant.applicationId) continue;
    for (const purpose of mine.filter((candidate) => (other.purposes[candidate] ?? 0) > 0)) {
      if (oneOffPurposes[purpose] === 'beneficiary' && other.program === grant.program && !other.sharesClaim) continue;
      found.push({ applicationId: other.applicationId, program: other.program, programName: naming.program(other.program), purpose, purposeName: naming.purpose(purpose), amountFen: other.purposes[purpose] ?? 0 });
    }
  }
  return found;
}

export interface RuleResult {
  class: RuleClass;
  passed: boolean;
  severity: RuleSeverity;
  message: Message;
}

const result = (ruleClass: RuleClass, settings: RuleSettings, problems: Message[], passed: Message): RuleResult => ({
  class: ruleClass,
  passed: problems.length === 0,
  severity: settings[ruleClass],
  message: problems.length === 0 ? passed : { zh: problems.map((p) => p.zh).join('；'), en: problems.map((p) => p.en).join('; ') },
});

/**
 * The six checks of one instruction, each as the program's settings grade it. What each reads:
 * 1. budget — a reservation was made at final approval for at least the amount, and the budget
 *    still holds at least that much reserved (not released or spent elsewhere);
 * 2. standard — the decision was eligible, names the policy version it used, and the amount paid
 *    equals the decision's amount (the decision itself applied the program's standard);
 * 3. documents — every document kind the program requires is among the application's documents
 *    and was accepted by an official on review;
 * 4. duplicates — the entitlement ledger holds no other grant this year to the same household for a
 *    one-off purpose this one is for (festival: once per household; schooling: once per child),
 *    in any program or org unit (`duplicateBenefits`); no other instruction of the batch pays the same payee and account the
 *    same amount;
 * 5. authority — every approval level of the chain is decided, by different people, none of them
 *    the applicant, none sharing the payee's household (an approver named in the household the
 *    payee declared, or the payee named in one the approver declared: warmth's only household
 *    records are those of hardship-relief applications), and the batch's preparer approved none;
 * 6. account — the holder is the applicant, the card number passes its Luhn check, the bank named
 *    is a known bank, and the account was not changed after the last approval.
 */
export function auditPayment(facts: PaymentFacts, settings: RuleSettings): RuleResult[] {
  const budget: Message[] = [];
  if (!facts.reservation || facts.reservation.amountFen < facts.amountFen) budget.push({ zh: '审批时未预留足额预算', en: 'No reservation of the full amount was made at approval' });
  else if ((facts.budgetReservedFen ?? 0) < facts.amountFen) budget.push({ zh: '预算中的预留额已不足以支付', en: 'The budget no longer holds enough reserved for it' });

  const standard: Message[] = [];
  if (!facts.decision?.eligible) standard.push({ zh: '没有符合条件的审核结论', en: 'There is no eligible decision' });
  else {
    if (!facts.decision.policyVersion) standard.push({ zh: '审核结论未记录所用政策版本', en: 'The decision records no policy version' });
    if (facts.decision.amountFen !== facts.amountFen) standard.push({ zh: `付款金额与核定金额 ${formatYuan(facts.decision.amountFen)} 不符`, en: `The amount differs from the decided amount, ${formatYuan(facts.decision.amountFen)}` });
  }

  const required = requiredDocuments[facts.program] ?? [];
  const missing = required.filter((kind) => !facts.attachmentKinds.includes(kind));
  const unaccepted = required.filter((kind) => facts.attachmentKinds.includes(kind) && !facts.acceptedKinds.includes(kind));
  const named = (kinds: string[]) => kinds.map((kind) => documentNames[kind] ?? { zh: kind, en: kind });
  const documents: Message[] = [];
  if (missing.length) documents.push({ zh: `缺少必需的单据：${named(missing).map((n) => n.zh).join('、')}`, en: `Required documents missing: ${named(missing).map((n) => n.en).join(', ')}` });
  if (unaccepted.length) documents.push({ zh: `单据未经审核人员确认：${named(unaccepted).map((n) => n.zh).join('、')}`, en: `Not accepted by an official on review: ${named(unaccepted).map((n) => n.en).join(', ')}` });

  const duplicates: Message[] = [];
  if (facts.duplicateBenefits.length) {
    duplicates.push({
      zh: `本户本年度已获同类帮扶：${facts.duplicateBenefits.map((d) => `${d.purposeName.zh} ${formatYuan(d.amountFen)}（${d.programName.zh}，${d.applicationId}）`).join('、')}`,
      en: `The household already has this year: ${facts.duplicateBenefits.map((d) => `${d.purposeName.en.toLowerCase()} ${formatYuan(d.amountFen)} (${d.programName.en}, ${d.applicationId})`).join(', ')}`,
    });
  }
  if (facts.sameInBatch.length) duplicates.push({ zh: `本批次有同一收款人、账号、金额的付款：${facts.sameInBatch.join('、')}`, en: `This batch pays the same payee, account and amount in ${facts.sameInBatch.join(', ')}` });

  const authority: Message[] = [];
  const decided = new Map(facts.approvals.map((approval) => [approval.level, approval]));
  const undecided = facts.approvalLevels.filter((level) => !decided.has(level));
  if (undecided.length) authority.push({ zh: `审批链未完成：第 ${undecided.join('、')} 级`, en: `The approval chain is incomplete: level ${undecided.join(', ')}` });
  const deciders = facts.approvals.map((approval) => approval.sub);
  if (new Set(deciders).size < deciders.length) authority.push({ zh: '同一人审批了两个层级', en: 'One person approved two levels' });
  if (deciders.includes(facts.applicant.sub)) authority.push({ zh: '审批人是收款人本人', en: 'An approver is the payee' });
  const payeeHousehold = new Set(facts.payeeHousehold.map((name) => name.trim()));
  const sharing = facts.approvals.filter((approval) => (approval.name && payeeHousehold.has(approval.name.trim())) || (approval.household ?? []).some((name) => name.trim() === facts.applicant.name.trim()));
  if (sharing.length) authority.push({ zh: `审批人与收款人同属一户：${sharing.map((approval) => approval.name ?? '').join('、')}`, en: `An approver shares the payee’s household: ${sharing.map((approval) => approval.name ?? '').join(', ')}` });
  if (deciders.includes(facts.preparerSub)) authority.push({ zh: '批次经办人审批过该申请', en: 'The batch’s preparer approved this application' });

  const account: Message[] = [];
  if (facts.account.holder !== facts.applicant.name) account.push({ zh: '收款户名不是申请人本人', en: 'The account holder is not the applicant' });
  if (!luhnValid(facts.account.number)) account.push({ zh: '卡号未通过校验位检查', en: 'The card number fails its check digit' });
  if (!bankKnown(facts.account.bank)) account.push({ zh: `开户行“${facts.account.bank}”不在已知银行之列`, en: `The bank “${facts.account.bank}” is not a known bank` });
  const lastApproval = facts.approvals.map((approval) => approval.decidedAt).sort().at(-1);
  if (facts.account.changedAt && lastApproval && facts.account.changedAt > lastApproval) account.push({ zh: '收款账户在最后一次审批后被更改', en: 'The account was changed after the last approval' });

  return [
    result('budget', settings, budget, { zh: '预算已足额预留', en: 'The budget holds the reservation' }),
    result('standard', settings, standard, { zh: '金额与核定结论一致', en: 'The amount is the decided amount' }),
    result('documents', settings, documents, { zh: '必需单据齐全并经审核确认', en: 'The required documents are there and were accepted on review' }),
    result('duplicates', settings, duplicates, { zh: '未发现重复付款', en: 'No duplicate payment' }),
    result('authority', settings, authority, { zh: '审批链完整，四眼原则成立', en: 'The approval chain is complete, four eyes held' }),
    result('account', settings, account, { zh: '收款账户核验通过', en: 'The account checks out' }),
  ];
}

/** Blocked when a failed rule blocks; released only with a comment when a failed rule warns. */
export const blockedBy = (results: RuleResult[]): RuleResult[] => results.filter((r) => !r.passed && r.severity === 'block');
export const warnedBy = (results: RuleResult[]): RuleResult[] => results.filter((r) => !r.passed && r.severity === 'warn');
