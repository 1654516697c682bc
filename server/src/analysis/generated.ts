// Go's convention for generated files (go/ast.IsGenerated).

/** `// Code generated … DO NOT EDIT.` on a line of its own before the package clause. */
export function isGenerated(text: string): boolean {
  const head = text.slice(0, Math.min(text.length, 64 * 1024));
  const pkg = /^package\s/m.exec(head);
  const before = pkg ? head.slice(0, pkg.index) : head;
  return /^\/\/ Code generated .* DO NOT EDIT\.$/m.test(before);
}
