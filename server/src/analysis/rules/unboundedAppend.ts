import type { Rule } from '../analyzer';

export const unboundedAppend: Rule = {
  id: 'unbounded-append',
  title: 'unbounded-append',
  doc: '',
  defaultSeverity: 'error',
  run() {},
};
