// Go release versions as go.mod, `go env GOVERSION` and a GOROOT's VERSION file write them
// (`1.22`, `1.22.3`, `go1.26.8`, `go1.23rc1`), reduced to what the runtime rules depend on.
// Pure: text in, numbers out.

export interface GoVersion {
  /** The 1.x release: 22 for Go 1.22. */
  minor: number;
  /** The patch release (0 for `1.22`, `1.22.0` and pre-releases). */
  patch: number;
}

const versionPattern = /^(?:go)?1\.(\d{1,4})(?:\.(\d{1,4}))?(?:(?:rc|beta)\d+)?(?:[\s+-].*)?$/s;

/** Parses a Go version; undefined for anything else (Go 2, garbage, empty). */
export function parseGoVersion(text: string | undefined): GoVersion | undefined {
  const m = versionPattern.exec((text ?? '').trim());
  if (!m) return undefined;
  return { minor: Number(m[1]), patch: m[2] === undefined ? 0 : Number(m[2]) };
}

/** Negative when a is older than b, 0 when equal, positive when newer. */
export function compareGo(a: GoVersion, b: GoVersion): number {
  return a.minor - b.minor || a.patch - b.patch;
}

/** At least Go 1.minor. */
export function atLeast(v: GoVersion, minor: number): boolean {
  return v.minor >= minor;
}

/** `Go 1.26` (the release the rules belong to; patch releases do not change them). */
export function goLabel(v: GoVersion): string {
  return `Go 1.${v.minor}`;
}

/** `go1.26.8`, `go1.22` when the patch is unknown or 0. */
export function goText(v: GoVersion): string {
  return v.patch > 0 ? `go1.${v.minor}.${v.patch}` : `go1.${v.minor}`;
}
