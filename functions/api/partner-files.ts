import { partnerFileNames } from '../domain/proactive/partner-files.ts';
import type { PartnerFile } from '../store/partner-files.ts';
import { nameIn, partnerOutcomeText } from '../shared/code-names.ts';
import { ForbiddenError, ValidationError } from '../shared/errors.ts';
import { say, type Lang } from '../shared/i18n.ts';
import { apiHandler, reply } from '../shared/http.ts';
import type { Caller } from '../use-cases/access.ts';
import { confirmProposal, confirmProposalList, declineProposal } from '../use-cases/answer-proposal.ts';
import { importPartnerFile } from '../use-cases/import-partner-file.ts';
import { proposalsBody } from './partner-files-schemas.ts';

/** A file as officials read it: where it came from, when, by whom, and what each line came to (no names, no ID numbers). */
function fileView(file: PartnerFile, lang: Lang) {
  const { auditHash: _hash, onList: _list, ...rest } = file;
  const counts: Record<string, number> = {};
  for (const outcome of file.outcomes) counts[outcome.outcome] = (counts[outcome.outcome] ?? 0) + 1;
  return {
    ...rest,
    kindName: say(partnerFileNames[file.kind as keyof typeof partnerFileNames], lang),
    ...(file.onList ? { onListCount: file.onList.length } : {}),
    counts: Object.entries(counts).map(([outcome, count]) => ({ outcome, outcomeName: say(nameIn(partnerOutcomeText, outcome), lang), count })),
    // Lines of people who are not our members say nothing more than that: they are only counted.
    outcomes: file.outcomes
      .filter((outcome) => outcome.outcome !== 'not-a-member')
      .map((outcome) => ({ ...outcome, outcomeName: say(nameIn(partnerOutcomeText, outcome.outcome), lang), ...(outcome.message ? { message: say(outcome.message, lang) } : {}) })),
  };
}

const isOfficial = (caller: Caller) => caller.groups.includes('official') && !caller.groups.includes('worker');

/**
 * 免申即享, one route: an official imports a partner file (checked whole, nothing written on a
 * problem) or confirms the zero-touch list of their units; a worker confirms (one tap: the card on
 * record, or the one given) or declines their own proposal, one at a time.
 */
export const proposalsRoute = apiHandler({ roles: ['worker', 'official'], body: proposalsBody }).handler(async ({ auth, body, requestId, lang }) => {
  const caller = auth as Caller;
  if (body.action === 'import') {
    if (!isOfficial(caller)) throw new ForbiddenError({ zh: '只有工会干部可以导入合作单位数据', en: 'Only union officials import partner files' });
    const file = await importPartnerFile(caller, { kind: body.kind, origin: body.origin, text: body.csv });
    return reply(201, fileView(file, lang));
  }
  if (isOfficial(caller)) {
    if (body.action !== 'confirm') throw new ForbiddenError({ zh: '只有职工本人可以谢绝', en: 'Only the worker may decline' });
    const result = await confirmProposalList(caller, body.applicationIds, requestId);
    return reply(200, {
      ...result,
      message: say({ zh: `已确认 ${result.confirmed.length} 项；${result.waitingForWorker.length} 项无银行卡记录，等待职工本人确认`, en: `${result.confirmed.length} confirmed; ${result.waitingForWorker.length} have no bank card on record and wait for the worker` }, lang),
    });
  }
  if (body.applicationIds.length !== 1) throw new ValidationError([{ path: 'applicationIds', message: { zh: '请一次确认或谢绝一项', en: 'Answer one proposal at a time' } }]);
  const [id] = body.applicationIds as [string];
  if (body.action === 'confirm') await confirmProposal(caller, id, body.bankAccount, requestId);
  else await declineProposal(caller, id, requestId);
  return reply(body.action === 'confirm' ? 202 : 200, {
    id,
    status: body.action === 'confirm' ? 'SUBMITTED' : 'DECLINED',
    message: say(body.action === 'confirm' ? { zh: '已确认，正在办理', en: 'Confirmed; it is under way' } : { zh: '已谢绝', en: 'Declined' }, lang),
  });
});
