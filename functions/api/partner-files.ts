import * as z from 'zod';
import { partnerFileColumns, partnerFileKinds, partnerFileNames } from '../domain/proactive/partner-files.ts';
import { bankAccount } from '../domain/programs/common.ts';
import { listAuditEvents } from '../store/audit.ts';
import { getPartnerFile, listPartnerFiles, partnerFileAuditSubject, type PartnerFile } from '../store/partner-files.ts';
import { nameIn, partnerOutcomeText, programNames } from '../shared/code-names.ts';
import { NotFoundError } from '../shared/errors.ts';
import { say, type Lang } from '../shared/i18n.ts';
import { apiHandler, reply } from '../shared/http.ts';
import type { Caller } from '../use-cases/access.ts';
import { confirmProposal, confirmProposalList, declineProposal, proposalsOfUnits } from '../use-cases/answer-proposal.ts';
import { importPartnerFile } from '../use-cases/import-partner-file.ts';
import { proposalView } from './views.ts';

const importQuery = z.object({ kind: z.enum(partnerFileKinds), origin: z.string().trim().min(1).max(100) });
const csvText = z.string().min(1).max(256 * 1024);

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
    // Lines of people who are not our members say nothing more than that: they are not listed.
    outcomes: file.outcomes
      .filter((outcome) => outcome.outcome !== 'not-a-member')
      .map((outcome) => ({ ...outcome, outcomeName: say(nameIn(partnerOutcomeText, outcome.outcome), lang), ...(outcome.message ? { message: say(outcome.message, lang) } : {}) })),
  };
}

/** The columns of each kind, for the officials' page (the README describes the same). */
export const listPartnerFileFormats = apiHandler({ roles: ['official'] }).handler(async ({ lang }) =>
  reply(200, {
    items: partnerFileKinds.map((kind) => ({
      kind,
      name: say(partnerFileNames[kind], lang),
      columns: partnerFileColumns[kind].map((column) => ({ name: column.name, aliases: column.aliases, required: column.required, description: say(column.description, lang) })),
    })),
  }),
);

/** 免申即享: an official imports a partner agency's CSV (text/csv body, `?origin=` the agency); checked whole, nothing written on a problem. */
export const importPartnerFileRoute = apiHandler({ roles: ['official'], query: importQuery, body: csvText, textBody: true }).handler(async ({ auth, query, body, lang }) => {
  const file = await importPartnerFile(auth as Caller, { kind: query.kind, origin: query.origin, text: body });
  return reply(201, fileView(file, lang));
});

/** The files imported, of every kind, newest first. */
export const listPartnerFilesRoute = apiHandler({ roles: ['official'] }).handler(async ({ lang }) => {
  const files = (await Promise.all(partnerFileKinds.map((kind) => listPartnerFiles(kind, 20)))).flat().sort((a, b) => (a.importedAt < b.importedAt ? 1 : -1));
  return reply(200, { items: files.map((file) => fileView(file, lang)) });
});

/** One imported file with its audit trail (origin and import time as recorded). */
export const getPartnerFileRoute = apiHandler({ roles: ['official'], params: z.object({ id: z.string().min(1).max(40) }) }).handler(async ({ params, lang }) => {
  const file = await getPartnerFile(params.id);
  if (!file) throw new NotFoundError({ zh: '没有这份导入文件', en: 'No such imported file' });
  const audit = await listAuditEvents(partnerFileAuditSubject(file.id));
  return reply(200, { ...fileView(file, lang), audit: audit.map((event) => ({ seq: event.seq, at: event.at, action: event.action, after: event.after })) });
});

/** The proposals waiting in the official's part of the union: the list they confirm as a whole (zero-touch ones). */
export const listProposalsRoute = apiHandler({ roles: ['official'] }).handler(async ({ auth, lang }) => {
  const items = await proposalsOfUnits(auth as Caller);
  return reply(200, {
    items: items.map((application) => ({
      id: application.id,
      program: application.program,
      programName: say(nameIn(programNames, application.program), lang),
      applicant: { name: application.applicant.name, orgUnit: application.applicant.orgUnit },
      submittedAt: application.submittedAt,
      proposal: proposalView(application.proposal!, lang),
    })),
  });
});

/** Officials confirm the zero-touch proposals of the list as they saw it (their ids). */
export const confirmProposalListRoute = apiHandler({ roles: ['official'], body: z.object({ applicationIds: z.array(z.string().min(1).max(80)).min(1).max(200) }) }).handler(async ({ auth, body, requestId, lang }) => {
  const result = await confirmProposalList(auth as Caller, body.applicationIds, requestId);
  return reply(200, {
    ...result,
    message: say({ zh: `已确认 ${result.confirmed.length} 项；${result.waitingForWorker.length} 项无银行卡记录，等待职工本人确认`, en: `${result.confirmed.length} confirmed; ${result.waitingForWorker.length} have no bank card on record and wait for the worker` }, lang),
  });
});

const idParams = z.object({ id: z.string().min(1).max(80) });

/** The worker confirms a proposal: with the card offered (no body, or `{}`), or another card of their own. */
export const confirmProposalRoute = apiHandler({ roles: ['worker'], params: idParams, body: z.object({ bankAccount: bankAccount.optional() }).optional() }).handler(async ({ auth, params, body, requestId, lang }) => {
  await confirmProposal(auth as Caller, params.id, body?.bankAccount, requestId);
  return reply(202, { id: params.id, status: 'SUBMITTED', message: say({ zh: '已确认，正在办理', en: 'Confirmed; it is under way' }, lang) });
});

/** The worker does not want the proposed benefit. */
export const declineProposalRoute = apiHandler({ roles: ['worker'], params: idParams }).handler(async ({ auth, params, requestId }) => {
  await declineProposal(auth as Caller, params.id, requestId);
  return reply(200, { id: params.id, status: 'DECLINED' });
});
