import { formatYuan } from './money.ts';
import type { Message } from './message.ts';

/** What a status change is, as the message rules read it (dates already as Shanghai dates). */
export interface StatusChange {
  action: string;
  from: string;
  to: string;
  programName: Message;
  /** The application was appealed: a rejection or a notice now answers the appeal. */
  appealed: boolean;
  amountFen?: number;
  appealUntilDate?: string;
  noticeEndsDate?: string;
  /** The history note of the change (a level's decision, the bank's reason, the official's reason). */
  note?: Message;
}

/**
 * One kind of message to the worker: the change it answers (by action, by new status, or both;
 * `appealed` narrows it to the answer to an appeal), its title and what to do next.
 * `banner`: while the application stays in `to`, home shows it at the top until it is dealt with.
 * `text`: it also goes out by SMS.
 */
export interface WorkerMessageRule {
  kind: string;
  action?: string;
  to?: string;
  appealed?: boolean;
  title: (change: StatusChange) => Message;
  next: (change: StatusChange) => Message;
  banner?: boolean;
  text?: boolean;
}

const p = (change: StatusChange) => change.programName;
const yuan = (change: StatusChange) => (change.amountFen !== undefined ? formatYuan(change.amountFen) : '');

/**
 * The status changes that matter to a worker, first match wins. A new status that asks the worker
 * for something is one more line here (with `banner: true` if it should head the home page).
 */
export const workerMessageRules: readonly WorkerMessageRule[] = [
  {
    kind: 'proposed',
    action: 'PROPOSE',
    to: 'PROPOSED',
    title: (c) => ({ zh: `您可以领取${p(c).zh}，无需申请`, en: `You can receive ${p(c).en} without applying` }),
    next: () => ({ zh: '请打开查看依据，用银行卡一键确认；如不需要，可以谢绝。', en: 'Open it to see why, and confirm with your bank card in one tap; if you do not want it, decline.' }),
    banner: true,
    text: true,
  },
  {
    kind: 'proposal-confirmed-for-you',
    action: 'CONFIRM_PROPOSAL_LIST',
    title: (c) => ({ zh: `工会已为您办理${p(c).zh}（免申即享）`, en: `Your union has claimed ${p(c).en} for you (no application needed)` }),
    next: () => ({ zh: '无需操作，钱将转到您以前用过的银行卡；每一步都会通知您。', en: 'Nothing to do; the money goes to the bank card you used before, and you are told each step.' }),
    text: true,
  },
  {
    kind: 'proposal-expired',
    action: 'EXPIRE_PROPOSAL',
    title: (c) => ({ zh: `您的${p(c).zh}提议已过期`, en: `The ${p(c).en} proposed to you has expired` }),
    next: () => ({ zh: '未在期限内确认。如仍需要，可以自行申请。', en: 'It was not confirmed in time. If you still need it, you may apply yourself.' }),
  },
  {
    kind: 'checked',
    action: 'DECIDE_ELIGIBILITY',
    to: 'PENDING_APPROVAL',
    title: (c) => ({ zh: `您的${p(c).zh}申请已通过资格审核`, en: `Your ${p(c).en} application passed the eligibility check` }),
    next: () => ({ zh: '无需操作。工会将逐级审批，每一级的结果都会通知您。', en: 'Nothing to do. Your union approves it level by level, and you are told each result.' }),
  },
  {
    kind: 'ineligible',
    action: 'DECIDE_ELIGIBILITY',
    to: 'INELIGIBLE',
    title: (c) => ({ zh: `您的${p(c).zh}申请不符合条件`, en: `Your ${p(c).en} application does not meet the conditions` }),
    next: () => ({ zh: '打开申请，查看哪一条不符合，以及怎样才能符合。', en: 'Open the application to see which condition was not met and what would change it.' }),
    text: true,
  },
  {
    kind: 'level-approved',
    action: 'APPROVE_LEVEL',
    title: (c) => ({ zh: `您的${p(c).zh}申请通过了一级审批`, en: `One approval level passed your ${p(c).en} application` }),
    next: () => ({ zh: '无需操作，等待下一步。', en: 'Nothing to do; wait for the next step.' }),
  },
  {
    kind: 'appeal-rejected',
    action: 'REJECT',
    appealed: true,
    title: (c) => ({ zh: `申诉结果：您的${p(c).zh}申请仍未通过`, en: `Appeal decided: your ${p(c).en} application is still not approved` }),
    next: () => ({ zh: '打开申请查看理由。申诉只能提出一次；如有疑问，请联系所在工会。', en: 'Open the application to read the reason. An appeal can be made once; if in doubt, ask your union.' }),
    text: true,
  },
  {
    kind: 'rejected',
    action: 'REJECT',
    title: (c) => ({ zh: `您的${p(c).zh}申请未通过`, en: `Your ${p(c).en} application was not approved` }),
    next: (c) =>
      c.appealUntilDate
        ? { zh: `打开申请查看理由。如不同意，可在 ${c.appealUntilDate} 前申诉一次。`, en: `Open the application to read the reason. If you disagree, you may appeal once before ${c.appealUntilDate}.` }
        : { zh: '打开申请查看理由。', en: 'Open the application to read the reason.' },
    text: true,
  },
  {
    kind: 'appeal-approved',
    action: 'START_NOTICE',
    appealed: true,
    title: (c) => ({ zh: `申诉结果：您的${p(c).zh}申请已通过审批，正在公示`, en: `Appeal decided: your ${p(c).en} application is approved and on public notice` }),
    next: (c) => ({ zh: `无需操作。公示到 ${c.noticeEndsDate ?? ''}，之后发放。`, en: `Nothing to do. The notice lasts until ${c.noticeEndsDate ?? ''}; payment follows.` }),
    text: true,
  },
  {
    kind: 'on-notice',
    action: 'START_NOTICE',
    title: (c) => ({ zh: `您的${p(c).zh}申请已通过审批，正在公示`, en: `Your ${p(c).en} application is approved and on public notice` }),
    next: (c) => ({ zh: `无需操作。公示到 ${c.noticeEndsDate ?? ''}，之后发放。`, en: `Nothing to do. The notice lasts until ${c.noticeEndsDate ?? ''}; payment follows.` }),
  },
  {
    kind: 'approved',
    to: 'APPROVED',
    title: (c) => ({ zh: `您的${p(c).zh}申请已批准${yuan(c) ? `，金额 ${yuan(c)}` : ''}`, en: `Your ${p(c).en} application is approved${yuan(c) ? `: ${yuan(c)}` : ''}` }),
    next: () => ({ zh: '无需操作，工会将把钱转到您填写的银行卡。', en: 'Nothing to do; your union transfers the money to the bank card you gave.' }),
    text: true,
  },
  {
    kind: 'paid',
    to: 'PAID',
    title: (c) => ({ zh: `${p(c).zh}已发放${yuan(c) ? ` ${yuan(c)}` : ''}`, en: `${p(c).en} paid${yuan(c) ? `: ${yuan(c)}` : ''}` }),
    next: () => ({ zh: '请查看银行卡是否到账；如未到账，请联系所在工会。', en: 'Check that it reached your bank card; if not, ask your union.' }),
    text: true,
  },
  {
    kind: 'payment-failed',
    to: 'PAYMENT_FAILED',
    title: (c) => ({ zh: `${p(c).zh}发放失败：银行转账没有成功`, en: `${p(c).en} payment failed: the bank transfer did not go through` }),
    next: () => ({ zh: '请打开申请，更正收款银行卡。更正后会重新发放。', en: 'Open the application and correct your bank card. The payment is then made again.' }),
    banner: true,
    text: true,
  },
  {
    kind: 'documents-requested',
    to: 'DOCUMENTS_REQUESTED',
    title: (c) => ({ zh: `您的${p(c).zh}申请需要补交材料`, en: `Your ${p(c).en} application needs more documents` }),
    next: () => ({ zh: '请打开申请，按要求补交材料。', en: 'Open the application and add the documents asked for.' }),
    banner: true,
    text: true,
  },
];

/** The rule a status change falls under, if it matters to the worker. */
export function workerMessageRule(change: StatusChange): WorkerMessageRule | undefined {
  return workerMessageRules.find(
    (rule) => (rule.action === undefined || rule.action === change.action) && (rule.to === undefined || rule.to === change.to) && (rule.appealed === undefined || rule.appealed === change.appealed) && (rule.action !== undefined || change.from !== change.to),
  );
}

/** Statuses that head the worker's home page while an application is in them. */
export const bannerStatuses: readonly string[] = workerMessageRules.filter((rule) => rule.banner && rule.to).map((rule) => rule.to as string);

/** The SMS of a message: short, and nothing in it but the program, the amount and dates (no ID or card number). */
export function textMessage(title: Message, next: Message, language: 'zh' | 'en'): string {
  return language === 'en' ? `[warmth] ${title.en}. ${next.en}` : `【职工帮扶】${title.zh}。${next.zh}`;
}
