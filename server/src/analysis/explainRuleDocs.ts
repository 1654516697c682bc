// The documentation page of each rule (docs/rules/<id>.md), generated from the rule's own doc, so
// a diagnostic's `codeDescription` can link to it. A test keeps the committed pages in sync.
import type { Rule } from './analyzer';

/** The markdown page of one rule. */
export function ruleDocPage(rule: Rule): string {
  const [first, ...rest] = rule.doc.trim().split('\n');
  const title = first.trim() || rule.title;
  const body = rest.join('\n').trim();
  return [
    `# \`${rule.id}\`: ${title}`,
    '',
    `Highest severity: **${rule.defaultSeverity}** (certain findings are errors, possible ones warnings).`,
    '',
    body,
    '',
    '---',
    '',
    `Settings: \`goOomLens.rules.${rule.id}\` (\`default\`, \`error\`, \`warning\`, \`information\`, \`hint\` or \`off\`); \`goOomLens.report\` (\`all\` or \`certain\`).`,
    '<!-- Generated from the rule\'s doc in server/src/analysis/rules/; test/unit/explainRuleDocs.test.ts keeps this file in sync. -->',
    '',
  ].join('\n');
}
