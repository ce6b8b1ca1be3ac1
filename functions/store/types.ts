import type { RuleResult } from '../domain/finance/payment-rules.ts';
import type { Message } from '../shared/i18n.ts';

export type ApplicationStatus =
  | 'SUBMITTED'
  | 'CHECKING'
  | 'INELIGIBLE'
  | 'PENDING_APPROVAL'
  | 'REJECTED'
  | 'PUBLIC_NOTICE'
  | 'APPROVED'
  | 'AWAITING_BUDGET'
  | 'DISBURSING'
  | 'PAID'
  | 'PAYMENT_FAILED'
  | 'WITHDRAWN'
  /** An official asked the worker for documents; the approval waits for them until a deadline. */
  | 'DOCUMENTS_REQUESTED'
  /** A workflow step could not go on (its error and step are in `attention`); an operator redrives it. */
  | 'NEEDS_ATTENTION'
  /** 免申即享: proposed from a partner agency's record, waiting for the worker's confirmation (no workflow yet). */
  | 'PROPOSED'
  /** The worker said they do not want the proposed benefit. */
  | 'DECLINED'
  /** Nobody confirmed the proposal within the policy's period. */
  | 'EXPIRED';

export type Role = 'worker' | 'official' | 'finance' | 'admin';

/** Who did something: a signed-in user, or the workflow itself. */
export interface Actor {
  sub: string;
  name: string;
  role: Role | 'system';
  orgUnit: string;
}

export const workflowActor: Actor = { sub: 'workflow', name: '系统流程 / workflow', role: 'system', orgUnit: '-' };

export interface HistoryEntry {
  at: string;
  status: ApplicationStatus;
  actor: Actor;
  note?: Message;
}

export interface Applicant {
  sub: string;
  name: string;
  orgUnit: string;
  memberNumber: string;
}

export interface OrgUnit {
  id: string;
  name: Message;
  parent: string | null;
  level: number;
}

export interface ApprovalRecord {
  applicationId: string;
  program: string;
  round: number;
  level: number;
  /** The org unit whose officials of `level` decide: the applicant's unit or its ancestor at that level. */
  orgUnit: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLED';
  taskToken: string;
  requestedAt: string;
  decidedAt?: string;
  decidedBy?: Actor;
  comment?: string;
  /** The level of the officials who decide it: `level`, or higher once escalated for being overdue. */
  deciderLevel?: number;
  remindedAt?: string;
  escalatedAt?: string;
  /** When an official decides on behalf of another (delegation), the one they stand in for. */
  onBehalfOf?: Pick<Actor, 'sub' | 'name'>;
}

export interface PaymentInstructionItem {
  instructionId: string;
  applicationId: string;
  program: string;
  orgUnit: string;
  attempt: number;
  amountFen: number;
  payeeName: string;
  bank: string;
  accountNumber: string;
  status: 'PENDING' | 'HELD' | 'BATCHED' | 'PAID' | 'FAILED';
  createdAt: string;
  /** Handed over in cash or goods against the recipient's signed receipt (warmth-visits), never batched: the receipt's photo settles it. */
  delivery?: 'receipt';
  /** The photo of the signed receipt that recorded the delivery. */
  receiptDocumentId?: string;
  /** The payment audit rules' results when they last kept it out of a batch (it stays PENDING, to be fixed). */
  blocked?: { at: string; batchId: string; results: RuleResult[] };
  /** Finance held it out of batches, with a comment, until they let it go again. */
  hold?: { sub: string; name: string; at: string; comment: string };
  /** Head of the instruction's own audit chain (`payment-instruction:<id>`): its holds and releases. */
  holdAuditSeq?: number;
  holdAuditHash?: string;
  batchId?: string;
  paidAt?: string;
  failedAt?: string;
  failureReason?: string;
  bankReference?: string;
}
