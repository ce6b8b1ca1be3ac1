import packageJson from '../../package.json' with { type: 'json' };
import { apiHandler, reply } from '../shared/http.ts';

/** Liveness, with the deployed version. */
export const getHealth = apiHandler({ roles: 'public' }).handler(async () => reply(200, { ok: true, version: packageJson.version }));
