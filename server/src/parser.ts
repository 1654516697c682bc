// Loads web-tree-sitter and the tree-sitter-go grammar (both from npm, shipped as WASM).
// Shipped grammar build: tree-sitter-go 0.25.0 (ABI 15) on web-tree-sitter 0.25.10 — see GRAMMAR.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

let language: Promise<Language> | undefined;

/** Finds a WASM file next to the bundle (dist/) or, in development, in node_modules. */
function locate(file: string, moduleSpecifier: string): string {
  const beside = path.join(__dirname, file);
  if (fs.existsSync(beside)) return beside;
  return require.resolve(moduleSpecifier);
}

/** Initialises the WASM runtime and the Go grammar once per process. */
export function loadGoLanguage(): Promise<Language> {
  language ??= (async () => {
    const runtime = locate('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtime });
    return Language.load(locate('tree-sitter-go.wasm', 'tree-sitter-go/tree-sitter-go.wasm'));
  })();
  return language;
}

/** A new parser for Go; callers own it and should `delete()` it when done. */
export async function createGoParser(): Promise<Parser> {
  const lang = await loadGoLanguage();
  const parser = new Parser();
  parser.setLanguage(lang);
  return counted(parser);
}

/** Another parser of the same language as `parser` (which has one), counted alike; the caller owns it. */
export function parserLike(parser: Parser): Parser {
  const p = new Parser();
  p.setLanguage(parser.language);
  return counted(p);
}

let treesAlive = 0;

/** Trees made by createGoParser's parsers and not deleted yet (WASM memory in use; the server's debug statistics). */
export function liveTrees(): number {
  return treesAlive;
}

/** Counts the parser's trees: +1 per parse, -1 on a tree's first `delete()`. */
function counted(parser: Parser): Parser {
  const parse = parser.parse.bind(parser);
  parser.parse = (...args: Parameters<Parser['parse']>) => {
    const tree = parse(...args);
    if (!tree) return tree;
    treesAlive++;
    const free = tree.delete.bind(tree);
    let freed = false;
    tree.delete = () => {
      if (freed) return;
      freed = true;
      treesAlive--;
      free();
    };
    return tree;
  };
  return parser;
}

export { Parser, Language };
export type { Tree, Node, Point, Edit } from 'web-tree-sitter';
