// The tool's name, version and home page, read from package.json at run time so that the bundle
// (dist/cli.js), the tsc output (out/…) and an npm installation all report the same version.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PackageInfo { name: string; version: string; homepage?: string }

let cached: PackageInfo | undefined;

/** The manifest of the nearest enclosing `go-oom-lens` package. */
export function packageInfo(): PackageInfo {
  cached ??= find();
  return cached;
}

function find(): PackageInfo {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = readManifest(path.join(dir, 'package.json'));
    if (manifest?.name === 'go-oom-lens') {
      return { name: manifest.name, version: String(manifest.version ?? '0.0.0'), homepage: homepageOf(manifest) };
    }
    if (path.dirname(dir) === dir) return { name: 'go-oom-lens', version: '0.0.0' };
  }
}

function readManifest(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** `homepage`, else an https `repository` URL; undefined when the manifest names neither. */
function homepageOf(manifest: Record<string, unknown>): string | undefined {
  if (typeof manifest.homepage === 'string') return manifest.homepage;
  const repo = manifest.repository;
  const url = typeof repo === 'string' ? repo : typeof repo === 'object' && repo ? (repo as { url?: unknown }).url : undefined;
  if (typeof url !== 'string') return undefined;
  const https = url.replace(/^git\+/, '').replace(/\.git$/, '');
  return /^https:\/\//.test(https) ? https : undefined;
}
