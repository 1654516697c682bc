import type { Rule } from '../analyzer';

export const unboundedGrowth: Rule = {
  id: 'unbounded-growth',
  title: 'unbounded-growth',
  doc: '',
  defaultSeverity: 'error',
  run() {},
};
