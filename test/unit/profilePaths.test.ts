// Matching a profile's file names and functions to the workspace: same path, module path (-trimpath),
// module cache, GOPATH, other machines' paths by trailing directories; the standard library never;
// ambiguity gives no match rather than a guess. Moved code is followed by function and offset.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { declarationLines, parseFunctionName } from '../../server/src/profile/goNames';
import { PathResolver, type Workspace } from '../../server/src/profile/paths';
import { placeLines } from '../../server/src/profile/place';
import type { FileCosts } from '../../server/src/profile/attribute';

/** A workspace from file → text. */
function workspace(files: Record<string, string>, modules: Array<{ path: string; dir: string }>): Workspace {
  return { files: Object.keys(files), modules, declarations: (f) => (f in files ? declarationLines(files[f]) : undefined) };
}

const ws = workspace({
  '/ws/app/main.go': 'package main\n\nfunc main() {\n}\n',
  '/ws/app/internal/store/store.go': 'package store\n\nfunc (s *Store) Put(k string) {\n}\n',
  '/ws/app/tools/gen/main.go': 'package main\n\nfunc main() {\n}\n',
  '/ws/lib/codec.go': 'package lib\n\nfunc Decode() {\n}\n',
  '/ws/other/cmd/a/handler.go': 'package main\n\nfunc handler() {\n}\n',
  '/ws/other/cmd/b/handler.go': 'package main\n\nfunc handler() {\n}\n',
}, [
  { path: 'example.com/app', dir: '/ws/app' },
  { path: 'example.com/app/tools', dir: '/ws/app/tools' },
  { path: 'example.com/BurntLib', dir: '/ws/lib' },
]);

const resolve = (file: string, fn: string) => new PathResolver(ws).resolve(file, parseFunctionName(fn));

describe('profile paths to workspace files', () => {
  test('the same absolute path', () => {
    assert.deepEqual(resolve('/ws/app/main.go', 'main.main'), { file: '/ws/app/main.go', by: 'same path' });
  });

  test('-trimpath builds: the module path, the nested module winning', () => {
    assert.deepEqual(resolve('example.com/app/internal/store/store.go', 'example.com/app/internal/store.(*Store).Put'), { file: '/ws/app/internal/store/store.go', by: 'module path' });
    assert.deepEqual(resolve('example.com/app/tools/gen/main.go', 'main.main'), { file: '/ws/app/tools/gen/main.go', by: 'module path' });
  });

  test('the module cache (versions and !-escaped capitals undone) and GOPATH/src', () => {
    assert.deepEqual(resolve('/root/go/pkg/mod/example.com/!burnt!lib@v1.4.0/codec.go', 'example.com/BurntLib.Decode'), { file: '/ws/lib/codec.go', by: 'module cache' });
    assert.deepEqual(resolve('example.com/!burnt!lib@v1.4.0/codec.go', 'example.com/BurntLib.Decode'), { file: '/ws/lib/codec.go', by: 'module path' });
    assert.deepEqual(resolve('/home/u/go/src/example.com/app/internal/store/store.go', 'example.com/app/internal/store.(*Store).Put'), { file: '/ws/app/internal/store/store.go', by: 'GOPATH' });
  });

  test("another machine's checkout: the file with the most equal trailing directories that declares the function", () => {
    assert.deepEqual(resolve('/home/ci/build/app/internal/store/store.go', 'example.com/app/internal/store.(*Store).Put'), { file: '/ws/app/internal/store/store.go', by: 'file name and directories' });
    assert.deepEqual(resolve('C:\\ci\\cmd\\a\\handler.go', 'main.handler'), { file: '/ws/other/cmd/a/handler.go', by: 'file name and directories' });
  });

  test('no guess: ambiguous names, undeclared functions, the standard library', () => {
    assert.equal(resolve('/elsewhere/handler.go', 'main.handler'), undefined, 'two handler.go declare handler equally well');
    assert.equal(resolve('/home/ci/build/app/internal/store/store.go', 'example.com/app/internal/store.Get'), undefined, 'store.go declares no Get');
    assert.equal(resolve('/usr/local/go/src/runtime/malloc.go', 'runtime.mallocgc'), undefined);
    assert.equal(resolve('runtime/malloc.go', 'runtime.mallocgc'), undefined);
  });
});

describe('Go function names', () => {
  test('profiles\' spellings become declaration keys', () => {
    assert.deepEqual(parseFunctionName('main.handler'), { packagePath: 'main', key: 'handler', closure: false });
    assert.deepEqual(parseFunctionName('example.com/m/pkg.(*Server).handle.func1'), { packagePath: 'example.com/m/pkg', key: 'Server.handle', closure: true });
    assert.deepEqual(parseFunctionName('example.com/m/pkg.Level.String'), { packagePath: 'example.com/m/pkg', key: 'Level.String', closure: false });
    assert.deepEqual(parseFunctionName('main.run.gowrap1'), { packagePath: 'main', key: 'run', closure: true });
    assert.deepEqual(parseFunctionName('example.com/m.Map[...]'), { packagePath: 'example.com/m', key: 'Map', closure: false });
    assert.deepEqual(parseFunctionName('example.com/m.(*List[go.shape.*example.com/x.T]).Push'), { packagePath: 'example.com/m', key: 'List.Push', closure: false });
    assert.deepEqual(parseFunctionName('example.com/m.(*T).M-fm'), { packagePath: 'example.com/m', key: 'T.M', closure: false });
  });

  test('declarations and where their bodies end', () => {
    const d = declarationLines('package p\n\nfunc A() {\n\tx()\n}\n\nfunc (t *T[K]) B(k K) {}\n\nfunc init() {}\nfunc init() {}\n');
    assert.deepEqual(d.get('A'), { line: 2, end: 4 });
    assert.deepEqual(d.get('T.B'), { line: 6, end: 6 });
    assert.equal(d.has('init'), false, 'init may be declared many times');
  });
});

describe('placing profile lines on the current text', () => {
  const costs = (line: number, startLine: number, fn = 'main.handler'): FileCosts => ({
    file: '/ws/h.go', profilePath: 'h.go', by: 'same path', starts: new Map([['handler', startLine]]),
    lines: [{ function: fn, fn: parseFunctionName(fn), line, startLine, self: [10], total: [10], locations: [0], count: 1 }],
  });
  const text = (above: number) => `package main\n${'\n'.repeat(above)}func handler() {\n\tfor {\n\t\tx = append(x, 1)\n\t}\n}\n`;

  test('unmoved code stays on its line', () => {
    const placed = placeLines(costs(5, 3), declarationLines(text(1)));
    assert.deepEqual([...placed.keys()], [4]);
    assert.equal(placed.get(4)!.moved, 0);
  });

  test('code moved down by 3 lines: matched by function and offset, and the move is recorded', () => {
    const placed = placeLines(costs(5, 3), declarationLines(text(4)));
    assert.deepEqual([...placed.keys()], [7]);
    assert.equal(placed.get(7)!.moved, 3);
    assert.deepEqual(placed.get(7)!.profileLines, [5]);
  });

  test('a closure follows its enclosing function; a line beyond the function now is left out', () => {
    const closure = costs(5, 4, 'main.handler.func1');
    closure.starts.set('handler', 3);
    assert.deepEqual([...placeLines(closure, declarationLines(text(2))).keys()], [5]);
    assert.equal(placeLines(costs(40, 3), declarationLines(text(1))).size, 0);
  });
});
