// Every rule the analyzer knows, in reporting order.
import type { Rule } from './analyzer';
import { zeroStepLoop } from './rules/zeroStepLoop';
import { nonProgressingLoop } from './rules/nonProgressingLoop';
import { unboundedAppend } from './rules/unboundedAppend';
import { unboundedGrowth } from './rules/unboundedGrowth';
import { infiniteRecursion } from './rules/infiniteRecursion';

export const allRules: readonly Rule[] = [zeroStepLoop, nonProgressingLoop, unboundedAppend, unboundedGrowth, infiniteRecursion];

export const ruleIds: readonly string[] = allRules.map((r) => r.id);

/** The rule with this id, if any. */
export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
