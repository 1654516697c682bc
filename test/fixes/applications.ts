// Every quick fix the analysis offers over the Go modules of the repository (rule fixtures and
// examples), each applied on its own to the package it was offered in.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { SourceFile } from '../../server/src/analysis/analyzer';
import { analyzeFile } from '../../server/src/analysis/driver';
import { fixesFor } from '../../server/src/analysis/fixes';
import { packageContextFrom, summarizeFile } from '../../server/src/analysis/values/summaries';
import { applyChanges } from './apply';

/** A package: its folder, the Go files that make it, and the folder it gets in a copy of its module. */
export interface GoPackage { dir: string; files: string[]; rel: string }

/** A Go module: its folder, its go.mod text and its packages. */
export interface GoModule { dir: string; goMod: string; packages: GoPackage[] }

/** One fix applied to one file of a package. */
export interface Application {
  module: GoModule;
  pkg: GoPackage;
  /** The changed file's name inside the package folder. */
  file: string;
  /** 1-based line of the finding the fix belongs to. */
  line: number;
  rule: string;
  title: string;
  /** The file's text after the fix. */
  text: string;
}

const goFiles = (dir: string): string[] => fs.readdirSync(dir).filter((n) => n.endsWith('.go') && fs.statSync(path.join(dir, n)).isFile()).sort();

/** The modules (folders with a go.mod) under `roots`, each with its package folders. */
export function goModules(roots: readonly string[]): GoModule[] {
  const modules: GoModule[] = [];
  const visit = (dir: string, module: GoModule | undefined): void => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    let current = module;
    if (entries.some((e) => e.isFile() && e.name === 'go.mod')) {
      current = { dir, goMod: fs.readFileSync(path.join(dir, 'go.mod'), 'utf8'), packages: [] };
      modules.push(current);
    }
    const files = goFiles(dir);
    if (current && files.length > 0) current.packages.push({ dir, files, rel: path.relative(current.dir, dir) || '.' });
    for (const e of entries) {
      // The go command skips these folders too.
      if (e.isDirectory() && !/^[._]|^testdata$|^vendor$/.test(e.name)) visit(path.join(dir, e.name), current);
    }
  };
  for (const root of roots) visit(root, undefined);
  return modules;
}

/** A folder of stand-alone Go files (the golden fix cases) as one module where each file is its own package. */
export function looseModule(dir: string, goVersion: string): GoModule {
  return { dir, goMod: `module loose\n\ngo ${goVersion}\n`, packages: goFiles(dir).map((f) => ({ dir, files: [f], rel: f.replace(/\.go$/, '') })) };
}

/** Every fix offered in one package, each applied on its own (the package's files are parsed together). */
export function applicationsIn(parser: Parser, module: GoModule, pkg: GoPackage): Application[] {
  const files: SourceFile[] = [];
  try {
    for (const name of pkg.files) {
      const file = path.join(pkg.dir, name);
      const text = fs.readFileSync(file, 'utf8');
      const tree = parser.parse(text);
      if (!tree) throw new Error(`tree-sitter could not parse ${file}`);
      files.push({ path: file, text, tree });
    }
    const context = packageContextFrom(files.map((f) => summarizeFile(f.path, f.tree)));
    const out: Application[] = [];
    for (const file of files) {
      for (const finding of analyzeFile(file, context)) {
        // As the language server does: the rule's own fixes, else the fix builder's.
        const fixes = finding.fixes.length > 0 ? finding.fixes : fixesFor(finding, file, context);
        for (const fix of fixes) {
          out.push({
            module, pkg, file: path.basename(file.path), line: finding.span.start.line + 1,
            rule: finding.rule, title: fix.title, text: applyChanges(file.text, fix.changes),
          });
        }
      }
    }
    return out;
  } finally {
    for (const f of files) f.tree.delete();
  }
}
