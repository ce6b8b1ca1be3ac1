import * as z from 'zod';
import { attachmentsOf, bankAccount, fen, residentId } from '../common.ts';

export const autumnAidCategories = ['filed-hardship', 'hardship-migrant', 'new-employment-form', 'temporary-hardship', 'work-injury-family'] as const;
export const schoolKinds = ['public', 'military', 'free-normal', 'commissioned', 'high-fee-private', 'self-funded-abroad', 'sino-foreign'] as const;
export const autumnAidDocuments = ['admission-letter', 'hardship-proof', 'other'] as const;
export const schoolLevels = ['postgraduate', 'undergraduate', 'vocational-college', 'high-school', 'secondary-vocational'] as const;

/** The autumn-aid form (API.md): browser-safe, shared by the API and the web app. */
export const autumnAidDetails = z.object({
  category: z.enum(autumnAidCategories),
  household: z.object({ size: z.int().min(1).max(20), annualIncomeFen: fen() }),
  child: z.object({
    name: z.string().trim().min(1).max(50),
    idNumber: residentId,
    school: z.string().trim().min(2).max(100),
    schoolKind: z.enum(schoolKinds),
    level: z.enum(schoolLevels),
    admissionYear: z.int().min(2000).max(2100),
    otherFunding: z.boolean(),
  }),
  bankAccount,
  attachments: attachmentsOf(autumnAidDocuments),
});

export type AutumnAidDetails = z.infer<typeof autumnAidDetails>;
