// Which Go builds a module, and so whose runtime rules the explanation's numbers follow; and
// which language version the module is compiled as (per-iteration loop variables since 1.22).
// Follows the go command's toolchain selection (go.dev/doc/toolchain): under the default
// GOTOOLCHAIN=auto the installed go builds unless go.mod's `toolchain` line (else its `go` line)
// names a newer release, which the go command then switches to; GOTOOLCHAIN=local always uses the
// installed go, GOTOOLCHAIN=go1.X.Y always that release. Go before 1.21 never switches.
// Pure: versions in, a choice out.
import { compareGo, goText, parseGoVersion, type GoVersion } from './goVersion';

export interface ModuleGoLines {
  /** Whether a go.mod was found at all (without one, `go run file.go` uses the toolchain's own language). */
  hasGoMod: boolean;
  /** The `go` line's version (`1.22`), when go.mod has one. */
  goLine?: string;
  /** The `toolchain` line (`go1.23.4`; `default` means none). */
  toolchainLine?: string;
}

export interface GoChoiceInput extends ModuleGoLines {
  /** The installed go's version (`go1.26.8`), when known. */
  installed?: string;
  /** The GOTOOLCHAIN environment variable the user's builds see. */
  gotoolchain?: string;
}

export interface GoChoice {
  /** The release whose runtime the numbers follow: the toolchain that builds the module. */
  runtime: GoVersion;
  /** The language version the module is compiled as. */
  language: GoVersion;
  /** Why that runtime, a clause for the page (`the installed go1.26.8 builds this go 1.19 module`). */
  because: string;
}

/** The newest release whose rules this extension knows; used when nothing says which Go builds. */
export const newestKnownGo: GoVersion = { minor: 26, patch: 0 };

/** Go 1.16 is what the go command assumes for a go.mod without a `go` line. */
const goModWithoutGoLine: GoVersion = { minor: 16, patch: 0 };

/** Picks the building toolchain and the language version. */
export function chooseGo(input: GoChoiceInput): GoChoice {
  const goLine = parseGoVersion(input.goLine);
  const toolchain = input.toolchainLine === 'default' ? undefined : parseGoVersion(input.toolchainLine);
  const required = newer(toolchain, goLine);
  const requiredText = toolchain && required === toolchain ? `its \`toolchain ${input.toolchainLine?.trim()}\` line` : goLine ? `its \`go ${input.goLine?.trim()}\` line` : undefined;
  const runtime = pickRuntime(input, required, requiredText);
  const language = goLine ?? (input.hasGoMod ? goModWithoutGoLine : runtime.version);
  return { runtime: runtime.version, language, because: runtime.because };
}

function pickRuntime(input: GoChoiceInput, required: GoVersion | undefined, requiredText: string | undefined): { version: GoVersion; because: string } {
  const env = (input.gotoolchain ?? '').trim();
  const forced = /^go1[\d.]*(?:rc\d+|beta\d+)?$/.test(env) ? parseGoVersion(env) : undefined;
  if (forced) return { version: forced, because: `GOTOOLCHAIN=${env} builds it` };
  const installed = parseGoVersion(input.installed);
  const name = installed ? `the installed ${goText(installed)}` : '';
  if (installed && env === 'local') return { version: installed, because: `${name} builds it (GOTOOLCHAIN=local)` };
  // `go1.X+auto` / `go1.X+path` name the default toolchain used when go.mod asks for nothing newer.
  const base = parseGoVersion(/^(go1[^+]*)\+/.exec(env)?.[1]) ?? installed;
  const baseName = base === installed ? name : `${goText(base as GoVersion)} (GOTOOLCHAIN=${env})`;
  if (!base) {
    if (required) return { version: required, because: `no installed go was found; ${requiredText} asks for ${goText(required)}` };
    return { version: newestKnownGo, because: 'neither an installed go nor a go.mod says which Go builds it: assumed' };
  }
  // Toolchain switching arrived in Go 1.21; older go commands build whatever go.mod says.
  if (required && compareGo(required, base) > 0 && base.minor >= 21) {
    return { version: required, because: `${requiredText} asks for ${goText(required)}, newer than ${baseName}, so the go command switches to it` };
  }
  const module = requiredText ? ` (the module's ${requiredText.replace(/^its /, '')} asks for no newer Go)` : '';
  return { version: base, because: `${baseName} builds it${module}` };
}

function newer(a: GoVersion | undefined, b: GoVersion | undefined): GoVersion | undefined {
  if (!a) return b;
  if (!b) return a;
  return compareGo(a, b) >= 0 ? a : b;
}

/** The `go` and `toolchain` lines of a go.mod's text. */
export function goModLines(text: string): ModuleGoLines {
  const clean = text.replace(/\/\/[^\n]*/g, '');
  return { hasGoMod: true, goLine: /^\s*go\s+(\S+)\s*$/m.exec(clean)?.[1], toolchainLine: /^\s*toolchain\s+(\S+)\s*$/m.exec(clean)?.[1] };
}
