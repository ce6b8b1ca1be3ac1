import * as z from 'zod';
import { listRecoveries } from '../store/recoveries.ts';
import { apiHandler, reply } from '../shared/http.ts';
import type { Caller } from '../use-cases/access.ts';
import { recordOverpayment } from '../use-cases/record-overpayment.ts';
import { settleOverpayment } from '../use-cases/settle-overpayment.ts';
import { openRecoveryBody, closeRecoveryBody, recoveriesQuery } from './recoveries-schemas.ts';

const idParams = z.object({ id: z.string().min(1).max(80) });

/** Finance records an overpayment on a paid application (see the use case). */
export const openRecovery = apiHandler({ roles: ['finance'], params: idParams, body: openRecoveryBody }).handler(async ({ auth, params, body, requestId }) =>
  reply(201, await recordOverpayment(auth as Caller, params.id, body, requestId)),
);

const recoveryParams = z.object({ id: z.string().min(1).max(80), seq: z.coerce.number().int().min(1).max(999) });

/** An open recovery ends recovered or written off (see the use case). */
export const closeRecovery = apiHandler({ roles: ['finance'], params: recoveryParams, body: closeRecoveryBody }).handler(async ({ auth, params, body, requestId }) =>
  reply(200, await settleOverpayment(auth as Caller, params.id, params.seq, body, requestId)),
);

export const listRecoveriesRoute = apiHandler({ roles: ['finance'], query: recoveriesQuery }).handler(async ({ query }) => reply(200, { items: await listRecoveries(query.status) }));
