import type { Rule } from '../analyzer';

export const zeroStepLoop: Rule = {
  id: 'zero-step-loop',
  title: 'zero-step-loop',
  doc: '',
  defaultSeverity: 'error',
  run() {},
};
