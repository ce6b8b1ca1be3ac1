import { NotFoundError } from '../shared/errors.ts';

/** What a caller who may not see an application is told: the same as for one that does not exist. */
export const applicationNotFound = () => new NotFoundError({ zh: '未找到该申请', en: 'No such application' });
