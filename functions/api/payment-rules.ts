import * as z from 'zod';
import { programIds } from '../domain/programs/index.ts';
import type { ProgramId } from '../domain/programs/types.ts';
import { type RuleResult } from '../domain/finance/payment-rules.ts';
import { instructionListing, listUnbatched, type InstructionListing } from '../store/payments.ts';
import { getRuleSettings, instructionSubject, listHeld, saveRuleSettings } from '../store/payment-rules.ts';
import { nowIso } from '../shared/clock.ts';
import { ConflictError } from '../shared/errors.ts';
import { say, type Lang } from '../shared/i18n.ts';
import { apiHandler, reply } from '../shared/http.ts';
import { holdPaymentInstruction } from '../use-cases/hold-payment-instruction.ts';
import { readAuditTrail } from '../use-cases/read-audit-trail.ts';
import { ruleSettingsBody, instructionsQuery, holdBody } from './payment-rules-schemas.ts';

/** Each program's payment audit rule settings (warn or block per class), the defaults until set. */
export const listPaymentRules = apiHandler({ roles: ['finance'] }).handler(async () =>
  reply(200, { items: await Promise.all(programIds.map(async (program) => { const { auditHash: _hash, ...stored } = await getRuleSettings(program); return stored; })) }),
);

const programParams = z.object({ program: z.enum(programIds as [ProgramId, ...ProgramId[]]) });

/** Finance sets a program's rule classes to warn or block; audited on the program's rules chain. */
export const setPaymentRules = apiHandler({ roles: ['finance'], params: programParams, body: ruleSettingsBody }).handler(async ({ auth, params, body, requestId }) => {
  const current = await getRuleSettings(params.program);
  const saved = await saveRuleSettings(current, body, { sub: auth.sub, name: auth.name, role: 'finance', orgUnit: auth.orgUnit }, nowIso(), requestId);
  if (!saved) throw new ConflictError('CHANGED_MEANWHILE', { zh: '规则设置刚被他人修改，请刷新后再试', en: 'Someone changed these settings meanwhile; reload and try again' });
  return reply(200, { program: params.program, settings: body });
});

const shownResults = (results: RuleResult[], lang: Lang) => results.map((result) => ({ ...result, message: say(result.message, lang) }));
/** An instruction as finance's lists show it: its listing (or the instruction made into one), the card number masked. */
const instructionView = ({ accountMasked, ...instruction }: InstructionListing, lang: Lang) => ({
  ...instruction,
  accountNumber: accountMasked,
  ...(instruction.blocked ? { blocked: { ...instruction.blocked, results: shownResults(instruction.blocked.results, lang) } } : {}),
});

/** Payments the audit rules kept out of a batch (waiting to be fixed), or that finance holds. */
export const listPaymentInstructionsRoute = apiHandler({ roles: ['finance'], query: instructionsQuery }).handler(async ({ query, lang }) => {
  const items = query.state === 'held' ? await listHeld() : (await listUnbatched()).filter((instruction) => instruction.blocked);
  // Each with its holds and releases, so the list shows who held it, who let it go, and why.
  return reply(200, { items: await Promise.all(items.map(async (instruction) => ({ ...instructionView(instruction, lang), trail: await readAuditTrail(instructionSubject(instruction.instructionId), lang) }))) });
});

const instructionParams = z.object({ instructionId: z.string().min(1).max(80) });

/** Hold a waiting payment out of batches, with a comment. */
export const holdPaymentInstructionRoute = apiHandler({ roles: ['finance'], params: instructionParams, body: holdBody }).handler(async ({ auth, params, body, lang }) =>
  reply(200, instructionView(instructionListing(await holdPaymentInstruction(params.instructionId, true, body.comment, { sub: auth.sub, name: auth.name, orgUnit: auth.orgUnit })), lang)),
);

/** Let a held payment wait for the next batch again (its rules run again then). */
export const releaseHoldRoute = apiHandler({ roles: ['finance'], params: instructionParams }).handler(async ({ auth, params, lang }) =>
  reply(200, instructionView(instructionListing(await holdPaymentInstruction(params.instructionId, false, undefined, { sub: auth.sub, name: auth.name, orgUnit: auth.orgUnit })), lang)),
);
