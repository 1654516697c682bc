import type { Rule } from '../analyzer';

export const infiniteRecursion: Rule = {
  id: 'infinite-recursion',
  title: 'infinite-recursion',
  doc: '',
  defaultSeverity: 'error',
  run() {},
};
