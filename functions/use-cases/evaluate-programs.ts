import { combineTargets, evaluate, type Evaluation } from '../domain/finance/evaluation.ts';
import { programIds } from '../domain/programs/index.ts';
import type { ProgramId } from '../domain/programs/types.ts';
import { listRounds } from '../store/budget-rounds.ts';
import { getSample, listOpenCases, listSamples, type CallBackItem } from '../store/call-backs.ts';
import { getProfiles, loadOrgTree } from '../store/directory.ts';
import { listSettled } from '../store/payments.ts';
import { listRecoveries } from '../store/recoveries.ts';
import { shanghaiDate } from '../shared/dates.ts';
import { applicationsOfUnits } from './applications-of-units.ts';

export interface ProgramEvaluation extends Evaluation {
  program: ProgramId;
}

/**
 * 绩效评价 of a year, per program, for an org unit and the units below it (or the whole tree):
 * 1. the year's applications of that part of the tree, their applicants' hardship files, what was
 *    paid on them (in that year or the next), their recoveries, call-backs and open cases;
 * 2. the targets of the year's 二上: the unit's own round, or those of the rounds below it together;
 * 3. the figures by domain/finance/evaluation.ts.
 */
export async function evaluatePrograms(year: number, orgUnit: string | undefined, program?: ProgramId): Promise<ProgramEvaluation[]> {
  const tree = await loadOrgTree();
  const root = orgUnit ?? tree.all().find((unit) => unit.parent === null)?.id;
  const units = root ? tree.subtree(root) : [];
  const inScope = new Set(units);
  const [paid, paidNextYear, rounds, recoveries, samples, openCases] = await Promise.all([
    listSettled('PAID', year),
    listSettled('PAID', year + 1),
    listRounds(year),
    Promise.all((['OPEN', 'RECOVERED', 'WRITTEN_OFF'] as const).map((status) => listRecoveries(status))).then((lists) => lists.flat()),
    listSamples(year),
    listOpenCases(),
  ]);
  const callBacks: CallBackItem[] = [];
  for (const sample of samples) callBacks.push(...((await getSample(sample.sampleId))?.items ?? []));
  const results: ProgramEvaluation[] = [];
  for (const id of program ? [program] : programIds) {
    const applications = await applicationsOfUnits(units, { program: id, year });
    const profiles = await getProfiles(applications.map((application) => application.applicant.sub));
    const ids = new Set(applications.map((application) => application.id));
    const ownRound = orgUnit ? rounds.find((round) => round.program === id && round.orgUnit === orgUnit && round.steps.detailed?.targets) : undefined;
    const targets = ownRound?.steps.detailed?.targets ? ownRound.steps.detailed.targets : combineTargets(rounds.filter((round) => round.program === id && inScope.has(round.orgUnit) && round.steps.approval).flatMap((round) => (round.steps.detailed?.targets ? [round.steps.detailed.targets] : [])));
    results.push({
      program: id,
      ...evaluate({
        applications: applications.map((application) => ({
          id: application.id,
          applicantSub: application.applicant.sub,
          onFile: Boolean(profiles.get(application.applicant.sub)?.member?.hardshipFile),
          status: application.status,
          submittedOn: shanghaiDate(application.submittedAt),
          ...(application.status === 'INELIGIBLE' ? { refusal: application.decision?.checks.find((check) => !check.passed)?.code ?? 'OTHER' } : application.status === 'REJECTED' ? { refusal: 'REJECTED' } : {}),
          appealed: Boolean(application.appealedAt),
        })),
        payments: [...paid, ...paidNextYear].filter((instruction) => ids.has(instruction.applicationId)).map((instruction) => ({ applicationId: instruction.applicationId, amountFen: instruction.amountFen, paidOn: shanghaiDate(instruction.paidAt ?? instruction.createdAt) })),
        recoveries: recoveries.filter((recovery) => ids.has(recovery.applicationId)),
        callBacks: callBacks.filter((item) => ids.has(item.applicationId)),
        openCases: openCases.filter((item) => ids.has(item.applicationId)).length,
        targets,
      }),
    });
  }
  return results;
}
