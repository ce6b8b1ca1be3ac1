export { formatYuan } from '../../functions/domain/money.ts';
