/** The CloudWatch namespace of warmth's own metrics (Powertools Metrics, and the API's throttle count). */
export const metricsNamespace = 'warmth';

/** Business figures, each counted per program (dimension `program`) by the step or handler where it happens. */
export const businessMetrics = {
  submitted: 'ApplicationsSubmitted',
  decided: 'ApplicationsDecided',
  approved: 'ApplicationsApproved',
  paid: 'ApplicationsPaid',
  needsAttention: 'ApplicationsNeedingAttention',
  approvalsOverdue: 'ApprovalsOverdue',
} as const;
