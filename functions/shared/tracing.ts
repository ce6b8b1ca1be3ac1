import { createRequire } from 'node:module';

/**
 * Powertools Tracer on the SDK clients, only where the stage traces (`tracing` in its config):
 * the stack then sets WARMTH_TRACING=active and adds the tracer layer, whose module
 * (functions/shared/tracer-module.ts, built by infra/stack/tracer-layer.ts) wraps each client so
 * that every AWS call is a subsegment of the invocation's X-Ray trace. Elsewhere — the local
 * runtime, the tests, China, where X-Ray is off — nothing is loaded and the client is returned as
 * it is. The tracer (with the X-Ray SDK, ~125 KB) stays out of the handler bundles: in them it
 * would take the largest past the 300 KB bound.
 */
export const TRACER_MODULE = 'warmth-tracer';

export interface TracerModule {
  captureAWSv3Client<T>(client: T): T;
}

/** Loads the layer's module by Node's own resolution (NODE_PATH has the layers' /opt/nodejs/node_modules). */
const fromLayer = (): TracerModule => createRequire(import.meta.url)(TRACER_MODULE) as TracerModule;

export function traced<T>(client: T, load: () => TracerModule = fromLayer): T {
  if (process.env.WARMTH_TRACING !== 'active') return client;
  return load().captureAWSv3Client(client);
}
