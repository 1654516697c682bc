// Line links that VS Code's markdown preview follows, in the browser (code-server) and on the desktop.
// No VS Code API here, so it is unit-tested.
//
// The server writes `[line 12](file:///ws/a.go#L12)`. The preview (a webview) does not render `file:`
// links, and hands links with a URL scheme to the workbench, which opens only http(s), mailto, vscode
// and, on the desktop alone, its own scheme (`code-oss://file/…` is dropped in the browser); it runs
// `command:` links only for webviews that enable them, which the preview does not. A link with no
// scheme goes back to the markdown extension, which opens it in an editor at its `#L12` line. Such a
// link starting with `/` is resolved against the first workspace folder (our documents, scheme
// `go-oom-lens`, are in none), so the file is written as a path from that folder: `/a.go#L12`,
// `/../lib/b.go#L3` (`..` climbs out of the folder, for files outside it).
import * as path from 'node:path';

/**
 * Rewrites the `file:` line links of `markdown` into paths from `root`, the URI of the first workspace
 * folder. Without a `file:` folder on the same host, into `<editorScheme>://file/<path>:<line>`, which
 * only the desktop editor follows (it is all there is then).
 */
export function previewLinks(markdown: string, root: string | undefined, editorScheme: string): string {
  const base = root === undefined ? undefined : fileUrl(root);
  return markdown.replace(/\]\((file:\/\/(?:[^\s#()]|\([^\s#()]*\))*)#L(\d+)\)/g, (whole, target: string, line: string) => {
    const file = fileUrl(target);
    if (!file) return whole;
    if (base && base.host === file.host) return `](${folderPath(base.path, file.path)}#L${line})`;
    return `](${editorScheme}://file${file.host ? `//${file.host}` : ''}${encodePath(file.path)}:${line})`;
  });
}

/** The host and decoded path of a `file:` URL, or undefined for anything else. */
function fileUrl(text: string): { host: string; path: string } | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'file:' ? { host: url.host, path: decodeURIComponent(url.pathname) } : undefined;
  } catch {
    return undefined;
  }
}

/** `file` as a link path from the folder `folder` (both URL paths): `/` + the relative path. */
function folderPath(folder: string, file: string): string {
  return encodePath(`/${path.posix.relative(folder, file)}`);
}

/** Percent-encodes each segment of a path, parentheses too (an unbalanced one would end the markdown link); keeps drive colons (`/c:/…`). */
function encodePath(p: string): string {
  return p.split('/').map((s) => encodeURIComponent(s).replace(/%3A/gi, ':').replace(/\(/g, '%28').replace(/\)/g, '%29')).join('/');
}
