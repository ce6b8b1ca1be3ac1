import type { FileEntryBody, HouseholdFile } from '../domain/households/file.ts';
import { loadOrgTree } from '../store/directory.ts';
import { changeHouseholdFile } from '../store/household-files.ts';
import { nowIso } from '../shared/clock.ts';
import type { Caller } from './access.ts';
import { mustKeep, officialActor, withFreshFile } from './household-file-access.ts';

/**
 * An official records a visit (走访) or a note on a file, open or closed (防返困 follow-up too).
 * 1. The file, kept by the official's unit or one below (404 / 403).
 * 2. One write: the entry appended, with its audit event.
 */
export async function recordHouseholdVisit(caller: Caller, id: string, body: FileEntryBody): Promise<HouseholdFile> {
  const tree = await loadOrgTree();
  return withFreshFile(id, caller, tree, async (file) => {
    mustKeep(caller, file, tree);
    const at = nowIso();
    const entry = { kind: body.kind, on: body.on, text: body.text, at, by: { sub: caller.sub, name: caller.name } };
    return changeHouseholdFile(file, { ...file, entries: [...file.entries, entry], updatedAt: at }, officialActor(caller), body.kind === 'visit' ? 'FILE_VISIT' : 'FILE_NOTE');
  });
}
