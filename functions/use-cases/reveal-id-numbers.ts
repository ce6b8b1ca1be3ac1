import { appendAuditEvent, type Application } from '../store/applications.ts';
import { holdsSealedIdNumber, openIdNumbers } from '../store/sealed-fields.ts';
import type { Caller } from './access.ts';

/**
 * The official who must decide an application now sees its resident-ID numbers in full (everyone
 * else sees them masked, and bank cards are masked for all):
 * 1. none sealed in the details (a program that asks for none, or a value from before encryption)
 *    → the details as they are, nothing opened;
 * 2. record the read in the application's audit trail (READ_ID_NUMBERS), before anything is opened;
 * 3. open them.
 */
export async function idNumbersForDecider(application: Application, caller: Caller, requestId?: string): Promise<Application['details']> {
  if (!holdsSealedIdNumber(application.details)) return application.details;
  await appendAuditEvent(
    application.id,
    { actor: { sub: caller.sub, name: caller.name, role: 'official', orgUnit: caller.orgUnit }, action: 'READ_ID_NUMBERS', after: { read: 'idNumber', purpose: 'decision' }, ...(requestId ? { requestId } : {}) },
    application,
  );
  return openIdNumbers(application.details);
}
