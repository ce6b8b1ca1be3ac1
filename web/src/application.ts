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
  applicant: { name: string; orgUnit: string; memberNumber: string; sub: string };
  details: Record<string, any>;
  decision: { eligible: boolean; tier?: string; amountFen: number; policyVersion: string; checks: Check[]; computation: { label: string; amountFen: number }[] } | null;
  approvalLevels: number[];
  approvals: { level: number; round: number; status: string; orgUnit: string; decidedBy?: { name: string }; onBehalfOf?: { name: string }; decidedAt?: string; comment?: string }[];
  payment: { instructionId: string; amountFen: number; status: string; accountNumber: string }[];
  history: { at: string; status: string; actor: { name: string }; note?: string }[];
}
