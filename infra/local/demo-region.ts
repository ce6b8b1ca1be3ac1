import region from '../../functions/domain/demo-region.json' with { type: 'json' };
import { regionSchema, type Region } from '../../functions/domain/region.ts';

/** The demo org tree, people and starting parameters (a copy of shared/programs/demo-region.json), read as any region is. */
let parsed: Region | undefined;

export function demoRegion(): Region {
  parsed ??= regionSchema.parse(region);
  return parsed;
}
