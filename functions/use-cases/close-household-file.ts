import { openStates, type CloseFileBody, type HouseholdFile } from '../domain/households/file.ts';
import { loadOrgTree } from '../store/directory.ts';
import { changeHouseholdFile } from '../store/household-files.ts';
import { nowIso } from '../shared/clock.ts';
import { ConflictError } from '../shared/errors.ts';
import type { Caller } from './access.ts';
import { mustKeep, officialActor, withFreshFile } from './household-file-access.ts';

/**
 * 退档/脱困: an official closes an open file with its reason; a temporary file is cancelled.
 * 1. The file, kept by the official's unit or one below (404 / 403); open or temporary (409).
 * 2. One write: CLOSED (or CANCELLED) with the reason and note, the household's open-file item
 *    released (a new file may be opened later), the member record no longer filed, the audit event.
 */
export async function closeHouseholdFile(caller: Caller, id: string, body: CloseFileBody): Promise<HouseholdFile> {
  const tree = await loadOrgTree();
  return withFreshFile(id, caller, tree, async (file) => {
    mustKeep(caller, file, tree);
    if (!openStates.includes(file.state)) throw new ConflictError('FILE_CLOSED', { zh: '档案已退档', en: 'The file is already closed' });
    const at = nowIso();
    const state = file.state === 'TEMPORARY' ? 'CANCELLED' : 'CLOSED';
    return changeHouseholdFile(file, { ...file, state, closedAt: at, closeReason: body.reason, closeNote: body.note, updatedAt: at }, officialActor(caller), state === 'CANCELLED' ? 'FILE_CANCEL' : 'FILE_CLOSE', body.note);
  });
}
