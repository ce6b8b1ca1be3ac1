/** An application as `GET /applications/{id}` shows it to its reader: the worker's page and the official's review both read it. */
interface Check {
  code: string;
  passed: boolean;
  message: string;
}

export interface Application {
  id: string;
  program: string;
  status: string;
  submittedAt: string;
  updatedAt?: string;
  /** Until when a rejection may be appealed; absent once appealed or when no appeal is left. */
  appealUntil?: string;
  appealedAt?: string;
  /** Said by the API: not yet appealed and the deadline not passed. */
  mayAppeal?: boolean;
  applicant: { name: string; orgUnit: string; memberNumber: string; sub: string };
  details: Record<string, any>;
  decision: { eligible: boolean; tier?: string; amountFen: number; policyVersion: string; policyName?: string; checks: Check[]; computation: { label: string; amountFen: number }[] } | null;
  approvalLevels: number[];
  approvals: { level: number; round: number; status: string; orgUnit: string; decidedBy?: { name: string }; onBehalfOf?: { name: string }; decidedAt?: string; comment?: string }[];
  payment: { instructionId: string; amountFen: number; status: string; accountNumber: string }[];
  history: { at: string; status: string; actor: { name: string; roleName?: string }; note?: string }[];
  /** What it carries, without the files (GET …/documents gives those, audited). */
  documents?: { id: string; kind: string; kindName: string; name: string; contentType: string; size: number; addedAt: string; addedBy: string }[];
  documentReview?: Record<string, { verdict: 'accepted' | 'missing' | 'unreadable'; by: string; at: string; note?: string }>;
  documentsRequest?: { kinds: string[]; kindNames: string[]; note?: string; requestedAt: string; dueAt: string; by: string; answeredAt?: string; expiredAt?: string };
  /** Filed by an official for the member (assisted). */
  filedBy?: { name: string; orgUnit: string };
  /** 免申即享: proposed from a partner agency's record. */
  proposal?: import('./pages/worker/ProposalConfirm.tsx').ProposalView;
}
