import packageJson from '../../package.json' with { type: 'json' };
import { tableReachable } from '../store/health.ts';
import { apiHandler, reply } from '../shared/http.ts';

/**
 * Liveness with the version, and whether the database answers: 503 with Retry-After when it does
 * not, so a load balancer, an operator or `npm start`'s watchdog can tell and act.
 */
export const getHealth = apiHandler({ roles: 'public' }).handler(async () => {
  if (await tableReachable()) return reply(200, { ok: true, version: packageJson.version, database: 'up' });
  return reply(503, { ok: false, version: packageJson.version, database: 'down' }, { 'retry-after': '2' });
});
