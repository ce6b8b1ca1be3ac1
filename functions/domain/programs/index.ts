import type { ProgramId, ProgramModule } from './types.ts';
import { autumnAid } from './autumn-aid/index.ts';
import { hardshipRelief } from './hardship-relief/index.ts';
import { mutualClaim } from './mutual-claim/index.ts';
import { warmthVisits } from './warmth-visits/index.ts';

/** Every program the platform runs. A new program is a module folder here, a workflow file and its parameters. */
export const programs: Record<ProgramId, ProgramModule> = {
  'autumn-aid': autumnAid,
  'hardship-relief': hardshipRelief,
  'mutual-claim': mutualClaim,
  'warmth-visits': warmthVisits,
};

export const programIds = Object.keys(programs) as ProgramId[];

export function getProgram(id: ProgramId): ProgramModule {
  return programs[id];
}
