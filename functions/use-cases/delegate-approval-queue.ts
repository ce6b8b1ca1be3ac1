import { saveDelegation, type Delegation } from '../store/delegations.ts';
import { getProfile } from '../store/directory.ts';
import { now } from '../shared/clock.ts';
import { shanghaiDate } from '../shared/dates.ts';
import { ValidationError } from '../shared/errors.ts';
import type { Caller } from './access.ts';

/**
 * An official going on leave hands their queue to a colleague for a date range; decisions the
 * colleague makes then record both names.
 * 1. The colleague is another official of the same unit and level (400).
 * 2. The period is not already over (400).
 * 3. Record the delegation.
 */
export async function delegateApprovalQueue(caller: Caller, input: { to: string; startsOn: string; endsOn: string }): Promise<Delegation> {
  const colleague = await getProfile(input.to);
  if (!colleague || colleague.sub === caller.sub || !colleague.groups.includes('official') || colleague.orgUnit !== caller.orgUnit || colleague.level !== caller.level) {
    throw new ValidationError([{ path: 'to', message: { zh: '只能委托同一单位、同一审批级别的另一位干部', en: 'Delegate only to another official of your unit and level' } }]);
  }
  if (input.endsOn < shanghaiDate(now().toISOString())) {
    throw new ValidationError([{ path: 'endsOn', message: { zh: '委托期已经过去', en: 'That period is already over' } }]);
  }
  const delegation = {
    from: { sub: caller.sub, name: caller.name },
    to: { sub: colleague.sub, name: colleague.name },
    orgUnit: caller.orgUnit,
    level: caller.level as number,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    createdAt: now().toISOString(),
  };
  await saveDelegation(delegation);
  return delegation;
}
