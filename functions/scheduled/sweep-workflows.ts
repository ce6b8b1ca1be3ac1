import { sweepWorkflows } from '../use-cases/sweep-workflows.ts';
import { workflowProgramsConfigured } from '../shared/sfn.ts';

/** Seconds an application may take to reach its workflow before the sweep starts one for it. */
const GRACE_SECONDS = Number(process.env.SWEEP_GRACE_SECONDS ?? 120);
const MAX_AUTOMATIC_REDRIVES = Number(process.env.SWEEP_MAX_REDRIVES ?? 3);

/**
 * The workflow sweep: on AWS an EventBridge schedule calls it every few minutes; locally the
 * runtime calls it on start-up and on a timer. What it did is in each application's audit trail
 * and in its log line.
 */
export const handler = async (): Promise<{ recovered: number }> => {
  const done = await sweepWorkflows({ graceSeconds: GRACE_SECONDS, maxAutomaticRedrives: MAX_AUTOMATIC_REDRIVES, programs: workflowProgramsConfigured() });
  for (const recovery of done) console.log(JSON.stringify({ message: 'workflow sweep', ...recovery }));
  return { recovered: done.length };
};
