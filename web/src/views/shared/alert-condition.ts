// How a rule's condition reads in a table or a toast: `zscore |x| > 2 on sim:AAA/sim:BBB · 1s`.
import { OPERATOR_SYMBOLS, type Operator } from '../../api/alert-types.ts';
import { formatThreshold } from '../../format/number-format.ts';

export function conditionText(metric: string, operator: Operator, threshold: number): string {
  const symbol = OPERATOR_SYMBOLS[operator];
  return operator === 'abs_gt'
    ? `|${metric}| > ${formatThreshold(threshold)}`
    : `${metric} ${symbol} ${formatThreshold(threshold)}`;
}
