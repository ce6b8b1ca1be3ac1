import type { Message } from './i18n.ts';

/** The workflow's steps as people name them, for what an application's history and the attention list say. */
const labels: Record<string, Message> = {
  CheckEligibility: { zh: '资格审核', en: 'eligibility check' },
  PlanApproval: { zh: '安排审批', en: 'planning the approvals' },
  AwaitApproval: { zh: '等待审批', en: 'awaiting approval' },
  ApprovalOverdue: { zh: '审批超时提醒', en: 'overdue approval reminder' },
  RecordRejection: { zh: '记录未通过', en: 'recording the rejection' },
  AwaitAppeal: { zh: '等待申诉', en: 'awaiting an appeal' },
  StartNotice: { zh: '开始公示', en: 'starting the public notice' },
  ConcludeNotice: { zh: '结束公示', en: 'concluding the public notice' },
  ReserveBudget: { zh: '预留预算', en: 'reserving the budget' },
  AwaitBudget: { zh: '等待预算', en: 'awaiting budget' },
  RecordPayment: { zh: '生成付款指令', en: 'issuing the payment' },
  AwaitPayment: { zh: '等待银行结果', en: "awaiting the bank's result" },
  AwaitBankAccount: { zh: '等待更正账户', en: 'awaiting a corrected bank account' },
  AwaitDocuments: { zh: '等待补充材料', en: 'awaiting the requested documents' },
  DocumentsOverdue: { zh: '补充材料逾期', en: 'documents not added in time' },
};

export const stepLabel = (step: string): Message => labels[step] ?? { zh: '流程步骤', en: 'a workflow step' };
