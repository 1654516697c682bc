// docs/rules/<id>.md (the target of each diagnostic's codeDescription link) match the rules' docs.
// Regenerate with DOCS_UPDATE=1.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ruleDocPage } from '../../server/src/analysis/explainRuleDocs';
import { allRules } from '../../server/src/analysis/registry';
import { ruleDocUri } from '../../server/src/convert';

const dir = path.resolve(__dirname, '..', '..', '..', 'docs', 'rules');

test('every rule has its documentation page, generated from its doc', () => {
  if (process.env.DOCS_UPDATE) {
    fs.mkdirSync(dir, { recursive: true });
    for (const rule of allRules) fs.writeFileSync(path.join(dir, `${rule.id}.md`), ruleDocPage(rule));
  }
  for (const rule of allRules) {
    const file = path.join(dir, `${rule.id}.md`);
    assert.ok(fs.existsSync(file), `${file} is missing: run the tests with DOCS_UPDATE=1`);
    assert.equal(fs.readFileSync(file, 'utf8'), ruleDocPage(rule), `${file} is out of date: run the tests with DOCS_UPDATE=1`);
  }
  const pages = fs.readdirSync(dir).filter((n) => n.endsWith('.md')).sort();
  assert.deepEqual(pages, allRules.map((r) => `${r.id}.md`).sort(), 'no page for a rule that does not exist');
});

test('diagnostics link to the pages', () => {
  for (const rule of allRules) assert.match(ruleDocUri(rule.id) ?? '', new RegExp(`^file:///.*/docs/rules/${rule.id}\\.md$`));
});
