// When to send workspace/codeLens/refresh. VS Code asks for a document's lenses again after every
// edit of that document (and the answer analyses that version first), but not when its findings
// change for another reason: a sibling file's edit, a file changed on disk. Then the lens would stay
// (or stay missing) until the next edit or focus. So the server remembers which lenses it answered
// for which version, and asks the client to refresh only when a new analysis of that same version
// changed them.
import type { CodeLens } from 'vscode-languageserver/node';

interface Served { version: number; lenses: string }

export class LensRefresh {
  private readonly served = new Map<string, Served>();
  private answering = false;

  constructor(private readonly refresh: () => void) {}

  /** Computes the answer to a code-lens request and remembers it (analyses it triggers refresh nothing). */
  answer(uri: string, version: () => number | undefined, lenses: () => CodeLens[]): CodeLens[] {
    this.answering = true;
    let result: CodeLens[];
    try {
      result = lenses();
    } finally {
      this.answering = false;
    }
    const v = version();
    if (v === undefined) this.served.delete(uri);
    else this.served.set(uri, { version: v, lenses: keyOf(result) });
    return result;
  }

  /** An analysis of `uri` was published: refreshes when it changed the lenses of the version last answered. */
  published(uri: string, version: number, lenses: () => CodeLens[]): void {
    if (this.answering) return;
    const last = this.served.get(uri);
    if (!last || last.version !== version) return;
    const now = keyOf(lenses());
    if (now === last.lenses) return;
    // Once per change: the client may not ask again (the file is not shown).
    this.served.set(uri, { version, lenses: now });
    this.refresh();
  }
}

function keyOf(lenses: CodeLens[]): string {
  return JSON.stringify(lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.arguments]));
}
