import type { HouseholdFile } from '../domain/households/file.ts';
import type { OrgTree } from '../store/directory.ts';
import { getHouseholdFile, StaleFileError } from '../store/household-files.ts';
import type { Actor } from '../store/types.ts';
import { ForbiddenError, NotFoundError } from '../shared/errors.ts';
import type { Caller } from './access.ts';

export const officialActor = (caller: Caller): Actor => ({ sub: caller.sub, name: caller.name, role: 'official', orgUnit: caller.orgUnit });

/** Officials keep the files of their own unit and the units below it; finance and admins read all. */
export function maySeeFile(caller: Caller, file: Pick<HouseholdFile, 'orgUnit'>, tree: OrgTree): boolean {
  if (caller.groups.includes('finance') || caller.groups.includes('admin')) return true;
  return caller.groups.includes('official') && tree.contains(caller.orgUnit, file.orgUnit);
}

/** A file the caller may see, or the 404 that does not reveal that it exists. */
export async function fileOrNotFound(id: string, caller: Caller, tree: OrgTree): Promise<HouseholdFile> {
  const file = await getHouseholdFile(id);
  if (!file || !maySeeFile(caller, file, tree)) throw new NotFoundError({ zh: '未找到该档案', en: 'No such household file' });
  return file;
}

/** Only officials of the file's unit or above change it. */
export function mustKeep(caller: Caller, file: Pick<HouseholdFile, 'orgUnit'>, tree: OrgTree): void {
  if (!caller.groups.includes('official') || !tree.contains(caller.orgUnit, file.orgUnit)) throw new ForbiddenError({ zh: '只有档案所在工会及上级工会的干部可以修改档案', en: 'Only officials of the file’s union or above may change it' });
}

/** A change made on the file as read, tried again on a fresh read when another change got in first. */
export async function withFreshFile<T>(id: string, caller: Caller, tree: OrgTree, change: (file: HouseholdFile) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const file = await fileOrNotFound(id, caller, tree);
    try {
      return await change(file);
    } catch (error) {
      if (!(error instanceof StaleFileError) || attempt >= 4) throw error;
    }
  }
}
