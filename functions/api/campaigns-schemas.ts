import * as z from 'zod';
import { documentId } from '../domain/programs/common.ts';

// The campaign routes' request schemas, apart from their handlers so that /openapi.json describes
// them without bundling the handlers (and their clients) into its function.

export { campaignListBody } from '../domain/programs/warmth-visits/list.ts';

export const campaignListParams = z.object({ orgUnit: z.string().min(1).max(64) });

export const deliveryReceiptParams = z.object({ id: z.string().min(1).max(80) });
export const deliveryReceiptBody = z.object({ documentId });
