// Message lengths (UTF-16 units) of the CLI's JSON findings: longest, median and shortest of whole
// messages and of their first sentences, overall and per rule.
// Usage: node dist/cli.js check test/rules/testdata examples --format json --exit-zero > f.json
//        node bench/messageLengths.mjs f.json [--longest N]
import * as fs from 'node:fs';

const [file, flag, count] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/messageLengths.mjs findings.json [--longest N]');
  process.exit(2);
}
const findings = JSON.parse(fs.readFileSync(file, 'utf8')).findings;

/** Up to the first `.`, `!` or `?` outside backticks that ends a sentence (as server/src/analysis/words.ts). */
function firstSentence(m) {
  let code = false;
  for (let i = 0; i < m.length; i++) {
    if (m[i] === '`') code = !code;
    else if (!code && '.!?'.includes(m[i]) && (i + 1 === m.length || m[i + 1] === ' ')) return m.slice(0, i + 1);
  }
  return m;
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return `n ${s.length}, longest ${s[s.length - 1]}, median ${s[Math.floor((s.length - 1) / 2)]}, shortest ${s[0]}`;
}

function line(label, group) {
  console.log(`${label.padEnd(22)} message: ${stats(group.map((f) => f.message.length))} | first sentence: ${stats(group.map((f) => firstSentence(f.message).length))}`);
}

line('all', findings);
for (const rule of [...new Set(findings.map((f) => f.rule))].sort()) line(rule, findings.filter((f) => f.rule === rule));
if (flag === '--longest') {
  for (const f of [...findings].sort((a, b) => b.message.length - a.message.length).slice(0, Number(count) || 5)) {
    console.log(`${f.message.length} ${f.file}:${f.line} ${f.message}`);
  }
}
