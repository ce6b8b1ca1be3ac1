import type { ProgramId, ProgramModule } from './types.ts';
import { autumnAid } from './autumn-aid/index.ts';

/** Every program the platform runs. A new program is a module folder here, a workflow file and its parameters. */
export const programs: Partial<Record<ProgramId, ProgramModule>> = {
  'autumn-aid': autumnAid,
};

export const programIds = Object.keys(programs) as ProgramId[];

export function getProgram(id: ProgramId): ProgramModule {
  const program = programs[id];
  if (!program) throw new Error(`unknown program ${id}`);
  return program;
}
