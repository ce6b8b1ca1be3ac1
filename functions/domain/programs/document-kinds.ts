import { autumnAidDocuments } from './autumn-aid/details.ts';
import { hardshipDocuments } from './hardship-relief/details.ts';
import { claimDocuments } from './mutual-claim/details.ts';
import { warmthVisitDocuments } from './warmth-visits/details.ts';
import type { ProgramId } from './types.ts';

/** The kinds of document each program's form asks for (its documents step). */
export const documentKindsOf: Record<ProgramId, readonly string[]> = {
  'autumn-aid': autumnAidDocuments,
  'hardship-relief': hardshipDocuments,
  'mutual-claim': claimDocuments,
  'warmth-visits': warmthVisitDocuments,
};

/** The photo of the member's signed consent form, which an official's assisted filing carries. */
export const CONSENT_KIND = 'consent-form';

/** The photo of the receipt a recipient of cash or goods signed (warmth-visits): it records the delivery. */
export const RECEIPT_KIND = 'signed-receipt';
