import { loadOrgTree } from '../store/directory.ts';
import { say } from '../shared/i18n.ts';
import { apiHandler, reply } from '../shared/http.ts';

/** The org tree with names in the reader's language, so people see 东城区总工会 rather than `east`. */
export const listOrgUnits = apiHandler({ roles: ['worker', 'official', 'finance', 'admin'] }).handler(async ({ lang }) => {
  const tree = await loadOrgTree();
  return reply(200, { items: tree.all().map((unit) => ({ id: unit.id, name: say(unit.name, lang), parent: unit.parent, level: unit.level })) });
});
