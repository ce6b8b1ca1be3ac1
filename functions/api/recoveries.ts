import * as z from 'zod';
import { listRecoveries } from '../store/recoveries.ts';
import { apiHandler, reply } from '../shared/http.ts';
import type { Caller } from '../use-cases/access.ts';
import { recordOverpayment } from '../use-cases/record-overpayment.ts';
import { settleOverpayment } from '../use-cases/settle-overpayment.ts';

const idParams = z.object({ id: z.string().min(1).max(80) });
export const openRecoveryBody = z.object({ amountFen: z.int().min(1).max(100_000_000_000), reason: z.string().trim().min(2).max(1000) });

/** Finance records an overpayment on a paid application (see the use case). */
export const openRecovery = apiHandler({ roles: ['finance'], params: idParams, body: openRecoveryBody }).handler(async ({ auth, params, body, requestId }) =>
  reply(201, await recordOverpayment(auth as Caller, params.id, body, requestId)),
);

const recoveryParams = z.object({ id: z.string().min(1).max(80), seq: z.coerce.number().int().min(1).max(999) });
export const closeRecoveryBody = z.object({ outcome: z.enum(['RECOVERED', 'WRITTEN_OFF']), note: z.string().trim().min(2).max(1000) });

/** An open recovery ends recovered or written off (see the use case). */
export const closeRecovery = apiHandler({ roles: ['finance'], params: recoveryParams, body: closeRecoveryBody }).handler(async ({ auth, params, body, requestId }) =>
  reply(200, await settleOverpayment(auth as Caller, params.id, params.seq, body, requestId)),
);

export const recoveriesQuery = z.object({ status: z.enum(['OPEN', 'RECOVERED', 'WRITTEN_OFF']).default('OPEN') });

export const listRecoveriesRoute = apiHandler({ roles: ['finance'], query: recoveriesQuery }).handler(async ({ query }) => reply(200, { items: await listRecoveries(query.status) }));
