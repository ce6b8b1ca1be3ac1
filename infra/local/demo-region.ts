import region from '../../functions/domain/demo-region.json' with { type: 'json' };
import type { RegionData } from '../../functions/store/seed.ts';

/** The demo org tree, people and starting parameters (a copy of shared/programs/demo-region.json). */
export function demoRegion(): RegionData {
  return region as unknown as RegionData;
}
