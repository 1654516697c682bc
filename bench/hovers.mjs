// `node bench/hovers.mjs` (after `npx tsc -b`): prints figures, it is not a test. The hover of every
// finding over the rule fixtures and the examples (test/unit/everyHover.ts), as VS Code gets it (the
// diagnostic shown above, no message) and as a client without a diagnostic block gets it (the
// message once): markdown characters (link targets included), rendered characters (as plain text,
// link targets dropped) and non-empty lines, shortest, median, longest. `--show N` prints N hovers.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { everyHover } = require(path.join(root, 'out', 'test', 'unit', 'everyHover.js'));
const { createGoParser } = require(path.join(root, 'out', 'server', 'src', 'parser.js'));
const { markdownToPlainText } = require(path.join(root, 'out', 'server', 'src', 'features', 'plainText.js'));
const show = Number(process.argv[process.argv.indexOf('--show') + 1] || 0);

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const figures = (label, hovers) => {
  const range = (a) => `${Math.min(...a)} / ${median(a)} / ${Math.max(...a)}`;
  const chars = hovers.map((h) => h.text.length);
  const shown = hovers.map((h) => markdownToPlainText(h.text).length);
  const lines = hovers.map((h) => h.text.split('\n').filter((l) => l.trim()).length);
  console.log(`${label}: ${hovers.length} hovers; markdown chars ${range(chars)}; rendered chars ${range(shown)}; lines ${range(lines)} (shortest / median / longest)`);
};

const parser = await createGoParser();
try {
  const vscode = everyHover(parser, { diagnosticsShown: true, commandLinks: true });
  figures('VS Code (diagnostic shown above)', vscode);
  figures('other clients (message included)', everyHover(parser, {}));
  for (const h of vscode.slice(0, show)) console.log(`=== ${h.where}\n${h.text}`);
} finally {
  parser.delete();
}
