// Links into documents that editors open at a line (`file:///a.go#L12`, VS Code's line fragment).
/** A link to a 0-based line of a document. */
export function lineLink(uri: string, line: number): string {
  return `${uri}#L${line + 1}`;
}
