import { nameOf } from './i18n.ts';
import { deliveryText, tierText } from '../../functions/shared/code-names.ts';

/** The programs' form codes in words: the forms offer them, and officials read the answers by them (one table with the API's messages). */
export {
  accidentCauseText, aidKindText, categoryText, causeText, conditionText, documentNames, documentVerdictNames, incidentKindText, kindText, levelText,
  planText, relationText, roleNames, studentLevelText, tierText, womenCategoryText,
} from '../../functions/shared/code-names.ts';
import {
  accidentCauseText, aidKindText, categoryText, causeText, conditionText, kindText, levelText, planText, relationText, studentLevelText,
} from '../../functions/shared/code-names.ts';

export const womenCategories = ['A', 'B', 'C', 'D'] as const;

export const tierName = (tier: string | undefined | null): string => (tier ? nameOf(tierText, tier) : '—');

/** Every form code by itself, for showing an answer whose field is not known in advance. */
export const codeNames: Record<string, [string, string]> = {
  ...categoryText,
  ...levelText,
  ...kindText,
  ...relationText,
  ...conditionText,
  ...causeText,
  ...aidKindText,
  ...studentLevelText,
  ...planText,
  ...accidentCauseText,
  ...deliveryText,
  ...tierText,
};
