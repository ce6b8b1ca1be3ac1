import { Tracer } from '@aws-lambda-powertools/tracer';
import type { TracerModule } from './tracing.ts';

/**
 * The tracer layer's module (`warmth-tracer`): Powertools Tracer, one per function instance. Built
 * into the layer by infra/stack/tracer-layer.ts, never into a handler's bundle; loaded by
 * functions/shared/tracing.ts where the stage traces.
 */
const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'warmth' });

export const captureAWSv3Client: TracerModule['captureAWSv3Client'] = (client) => tracer.captureAWSv3Client(client as never) as typeof client;
