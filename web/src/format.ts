export { formatBasisPoints, formatYuan } from '../../functions/domain/money.ts';
