import type { Rule } from '../analyzer';

export const nonProgressingLoop: Rule = {
  id: 'non-progressing-loop',
  title: 'non-progressing-loop',
  doc: '',
  defaultSeverity: 'error',
  run() {},
};
