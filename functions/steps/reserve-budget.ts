import { getApplication } from '../store/applications.ts';
import { park } from '../use-cases/park-application-awaiting-budget.ts';
import { tryReserve } from '../use-cases/reserve-budget-for-application.ts';
import { ApplicationMissingError } from './errors.ts';

/**
 * Final approval reserves the budget; when it is short the application is parked as
 * AWAITING_BUDGET and the workflow waits until finance's new allocation reserves it.
 */
export const handler = async (event: { applicationId: string }): Promise<{ reserved: boolean }> => {
  const application = await getApplication(event.applicationId);
  if (!application?.decision) throw new ApplicationMissingError(event.applicationId);
  if (await tryReserve(application)) return { reserved: true };
  if (application.status !== 'AWAITING_BUDGET') await park(application);
  return { reserved: false };
};
