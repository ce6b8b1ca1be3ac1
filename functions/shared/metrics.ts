import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { businessMetrics, metricsNamespace } from './metrics-names.ts';

/**
 * The business figures, as CloudWatch embedded-metric log lines (Powertools Metrics): one count per
 * event, by program and stage. The monitoring stack alarms on two of them and graphs all.
 * The local runtime turns them off (POWERTOOLS_METRICS_DISABLED): there is no CloudWatch to read them.
 */
const metrics = new Metrics({ namespace: metricsNamespace, serviceName: 'warmth', defaultDimensions: { stage: process.env.WARMTH_STAGE ?? 'local' } });

export type BusinessMetric = keyof typeof businessMetrics;

/** Counts one application (or approval) event of a program, published at once. */
export function countEvent(metric: BusinessMetric, program: string): void {
  const single = metrics.singleMetric();
  single.addDimension('program', program);
  single.addMetric(businessMetrics[metric], MetricUnit.Count, 1);
}
