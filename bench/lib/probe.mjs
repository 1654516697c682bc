// Bundles bench/probe.ts (measurements that need the analyser's modules) into out/bench and loads it.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function loadProbe() {
  const esbuild = await import('esbuild');
  const outfile = path.join(root, 'out', 'bench', 'probe.js');
  await esbuild.build({
    entryPoints: [path.join(root, 'bench', 'probe.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    // web-tree-sitter's ESM build needs import.meta.url, which a CommonJS bundle does not have.
    alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
  });
  return require(outfile);
}
