import { maskBankAccount, maskIdNumber } from '../domain/id-number.ts';
import { applicationBasics, type Application, type ApplicationListing } from '../store/applications.ts';
import type { ApprovalRecord, HistoryEntry, PaymentInstructionItem } from '../store/types.ts';
import { say, type Lang } from '../shared/i18n.ts';
import { documentNames, nameIn, partnerFileText, policyVersionName, roleNames, statusNames } from '../shared/code-names.ts';
import { parseVersionId } from '../store/policies.ts';
import { now } from '../shared/clock.ts';
import { shanghaiDate } from '../shared/dates.ts';

const ID_FIELDS = new Set(['idNumber']);
/** The platform's own steps, named in the reader's language (stored records keep one name for both). */
const systemName = { zh: '系统', en: 'the system' };

/**
 * A copy of the details with every bank account number masked (in full only in the bank file), and
 * resident ID numbers masked unless `revealIds`.
 */
function maskDetails(value: unknown, revealIds: boolean, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => maskDetails(item, revealIds, key));
  if (value && typeof value === 'object') {
    const masked: Record<string, unknown> = {};
    for (const [field, inner] of Object.entries(value)) {
      masked[field] = key === 'bankAccount' && field === 'number' && typeof inner === 'string' ? maskBankAccount(inner) : maskDetails(inner, revealIds, field);
    }
    return masked;
  }
  if (!revealIds && ID_FIELDS.has(key) && typeof value === 'string') return maskIdNumber(value);
  return value;
}

/** What every view of an application starts with. */
const basics = (application: Omit<ApplicationListing, 'details'>) => ({
  ...applicationBasics(application),
  // Where and why the workflow stopped, while it waits for an operator (the step as the workflow names it).
  ...(application.status === 'NEEDS_ATTENTION' && application.attention ? { attention: { step: application.attention.step, error: application.attention.error, since: application.attention.since } } : {}),
});

/** An application in a list: what its listing holds (a whole application will do as well). */
export function applicationSummary(application: Omit<ApplicationListing, 'details'>, lang: Lang = 'zh-CN') {
  return {
    ...(application.proposal ? { proposal: proposalView(application.proposal, lang) } : {}),
    ...basics(application),
    applicant: { name: application.applicant.name, orgUnit: application.applicant.orgUnit, memberNumber: application.applicant.memberNumber },
    eligible: application.decision?.eligible,
    tier: application.decision?.tier,
    amountFen: application.decision?.amountFen,
  };
}

export function decisionView(application: Application, lang: Lang) {
  const decision = application.decision;
  if (!decision) return null;
  const version = parseVersionId(decision.policyVersion);
  return {
    ...decision,
    /** The version in words, for people; `policyVersion` stays the id that reproduces the decision. */
    policyName: version ? say(policyVersionName(version.effectiveFrom, version.version), lang) : undefined,
    checks: decision.checks.map((check) => ({ ...check, message: say(check.message, lang) })),
    computation: decision.computation.map((line) => ({ ...line, label: say(line.label, lang) })),
  };
}

export function approvalView(approval: ApprovalRecord) {
  return {
    round: approval.round,
    level: approval.level,
    orgUnit: approval.orgUnit,
    status: approval.status,
    requestedAt: approval.requestedAt,
    decidedAt: approval.decidedAt,
    decidedBy: approval.decidedBy ? { sub: approval.decidedBy.sub, name: approval.decidedBy.name } : undefined,
    onBehalfOf: approval.onBehalfOf ?? undefined,
    overdue: approval.remindedAt !== undefined,
    escalatedAt: approval.escalatedAt,
    comment: approval.comment,
  };
}

export function paymentView(instruction: PaymentInstructionItem) {
  return {
    instructionId: instruction.instructionId,
    attempt: instruction.attempt,
    amountFen: instruction.amountFen,
    payeeName: instruction.payeeName,
    bank: instruction.bank,
    accountNumber: maskBankAccount(instruction.accountNumber),
    status: instruction.status,
    createdAt: instruction.createdAt,
  };
}

/** 免申即享: why it was proposed, in the reader's words, the amount the rules gave, until when, and the card on record (masked). */
export function proposalView(proposal: NonNullable<ApplicationListing['proposal']>, lang: Lang) {
  const { holder, bank, number } = proposal.knownBankAccount ?? {};
  return {
    explanation: say(proposal.explanation, lang),
    estimateFen: proposal.estimateFen,
    zeroTouch: proposal.zeroTouch,
    expiresAt: proposal.expiresAt,
    /** The last Shanghai day it may be confirmed on. */
    expiresOn: shanghaiDate(proposal.expiresAt),
    source: say(nameIn(partnerFileText, proposal.partnerFileKind), lang),
    ...(number ? { knownBankAccount: { holder, bank, number: maskBankAccount(number) } } : {}),
    ...(proposal.confirmedBy ? { confirmedBy: proposal.confirmedBy, confirmedAt: proposal.confirmedAt } : {}),
  };
}

export function applicationView(
  application: Application,
  lang: Lang,
  related: { approvals: ApprovalRecord[]; payments: PaymentInstructionItem[]; history: HistoryEntry[] },
  /** The official who must decide it now sees ID numbers in full; everyone else sees them masked. */
  revealIds = false,
) {
  return {
    ...basics(application),
    applicant: application.applicant,
    details: maskDetails(application.details, revealIds),
    decision: decisionView(application, lang),
    approvalLevels: application.approvalLevels ?? [],
    /** The applicant may still appeal (by the platform's clock, which the browser's need not match). */
    mayAppeal: application.status === 'REJECTED' && !application.appealedAt && (!application.appealUntil || now().toISOString() < application.appealUntil),
    statusName: say(nameIn(statusNames, application.status), lang),
    round: application.round,
    /** What it carries (the files themselves only through GET …/documents, which is audited). */
    documents: (application.documents ?? []).map(({ id, kind, name, contentType, size, addedAt, addedBy }) => ({ id, kind, kindName: say(nameIn(documentNames, kind), lang), name, contentType, size, addedAt, addedBy: addedBy.name })),
    documentReview: Object.fromEntries(Object.entries(application.documentReview ?? {}).map(([kind, review]) => [kind, { verdict: review.verdict, by: review.by.name, at: review.at, ...(review.note ? { note: review.note } : {}) }])),
    ...(application.documentsRequest
      ? { documentsRequest: { ...application.documentsRequest, by: application.documentsRequest.by.name, kindNames: application.documentsRequest.kinds.map((kind) => say(nameIn(documentNames, kind), lang)) } }
      : {}),
    ...(application.filedBy ? { filedBy: { name: application.filedBy.name, orgUnit: application.filedBy.orgUnit } } : {}),
    ...(application.proposal ? { proposal: proposalView(application.proposal, lang) } : {}),
    approvals: related.approvals.map(approvalView),
    payment: related.payments.map(paymentView),
    history: related.history.map((entry) => ({
      at: entry.at,
      status: entry.status,
      actor: { name: entry.actor.role === 'system' ? say(systemName, lang) : entry.actor.name, role: entry.actor.role, roleName: say(nameIn(roleNames, entry.actor.role), lang) },
      note: entry.note ? say(entry.note, lang) : undefined,
    })),
  };
}
