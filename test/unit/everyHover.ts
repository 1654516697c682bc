// Every finding's hover over the rule fixtures and the examples, computed by the real hover
// provider on real analysis results: the hover and lens tests and bench/hovers.mjs read it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Parser } from 'web-tree-sitter';
import type { Finding } from '../../server/src/analysis/analyzer';
import { checkPackage } from '../../server/src/checkSources';
import type { Analysed } from '../../server/src/features/analysis';
import { provideHover, type HoverOptions } from '../../server/src/features/hover';
import { defaultSettings } from '../../server/src/settings';

/** One finding's hover: where it was asked for and what came back. */
export interface FindingHover { where: string; finding: Finding; text: string }

/** The repository root (the sources, not out/). */
export function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'test', 'rules', 'testdata')) && fs.existsSync(path.join(dir, 'examples'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`repository root not found above ${__dirname}`);
  }
}

/** The Go package directories: every fixture of test/rules/testdata and every example. */
export function packageDirs(root = repoRoot()): string[] {
  const dirs: string[] = [];
  for (const base of [path.join(root, 'test', 'rules', 'testdata'), path.join(root, 'examples')]) {
    for (const d of fs.readdirSync(base, { withFileTypes: true })) if (d.isDirectory()) dirs.push(path.join(base, d.name));
  }
  return dirs.sort();
}

/** Every file of the fixtures and examples, analysed as the language server holds it. */
export function everyAnalysed(parser: Parser): Analysed[] {
  const root = repoRoot();
  const out: Analysed[] = [];
  for (const dir of packageDirs(root)) {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.go')).sort().map((f) => ({ path: path.join(dir, f), text: fs.readFileSync(path.join(dir, f), 'utf8') }));
    for (const r of checkPackage(parser, files)) {
      out.push({ uri: pathToFileURL(r.path).toString(), version: 1, text: files.find((f) => f.path === r.path)!.text, findings: r.findings, pkg: r.pkg });
    }
  }
  return out;
}

/** The hover at the start of every finding, as an editor would ask for it. */
export function everyHover(parser: Parser, options: HoverOptions = {}): FindingHover[] {
  const root = repoRoot();
  const settings = defaultSettings();
  const out: FindingHover[] = [];
  for (const analysed of everyAnalysed(parser)) {
    for (const finding of analysed.findings) {
      const hover = provideHover(analysed, { textDocument: { uri: analysed.uri }, position: finding.span.start }, settings, undefined, undefined, undefined, options);
      const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
      out.push({ where: `${path.relative(root, fileURLToPath(analysed.uri))}:${finding.span.start.line + 1} ${finding.rule}`, finding, text: value });
    }
  }
  return out;
}
