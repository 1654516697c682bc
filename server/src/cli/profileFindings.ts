// The findings of the files a heap profile charges, for `go-oom-lens profile`: each file is analysed
// with the .go files of its directory that share its package clause, as `check` does.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../analysis/analyzer';
import { estimateGrowth } from '../analysis/explain';
import { checkPackage, packageClauseOf } from '../checkSources';
import { createGoParser } from '../parser';
import { isGoSourceName } from './collect';
import { readGoSource } from './readGoSource';

export interface AnalysedFile {
  text: string;
  findings: Finding[];
  /** Bytes of one element of a growth finding's slice, when the analysis knows the type. */
  elementBytes(f: Finding): number | undefined;
}

/** Analyses the given files (absolute, `/`-separated) with their packages; unreadable files are left out. */
export async function analyseFiles(files: readonly string[]): Promise<Map<string, AnalysedFile>> {
  const out = new Map<string, AnalysedFile>();
  const byDir = new Map<string, Set<string>>();
  for (const f of files) {
    const dir = path.posix.dirname(f);
    byDir.set(dir, (byDir.get(dir) ?? new Set()).add(f));
  }
  if (byDir.size === 0) return out;
  const parser = await createGoParser();
  try {
    for (const [dir, wanted] of byDir) {
      const groups = new Map<string, Array<{ path: string; text: string }>>();
      let names: string[];
      try {
        names = fs.readdirSync(dir).filter(isGoSourceName);
      } catch {
        continue;
      }
      for (const name of names) {
        const file = `${dir}/${name}`;
        const source = readGoSource(file);
        if ('problem' in source) continue;
        const clause = packageClauseOf(source.text);
        groups.set(clause, [...(groups.get(clause) ?? []), { path: file, text: source.text }]);
      }
      for (const group of groups.values()) {
        if (!group.some((g) => wanted.has(g.path))) continue;
        for (const r of checkPackage(parser, group)) {
          if (!wanted.has(r.path)) continue;
          const text = group.find((g) => g.path === r.path)!.text;
          const ctx = { text, pkg: r.pkg, memoryLimitBytes: 1024 ** 3, link: () => '' };
          out.set(r.path, { text, findings: r.findings, elementBytes: (f) => estimateGrowth(f, ctx)?.layout?.size });
        }
      }
    }
  } finally {
    parser.delete();
  }
  return out;
}
