// The explanation's "line N" links as VS Code's markdown extension resolves them: the document links
// it gives the explanation are what a click in the preview opens (the same resolution of the same
// href). Each must land on the Go file at line N, for a file in the workspace folder and for one
// outside it. The smoke suite clicks such a link in code-server's preview.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeOtherTabs, codeLenses, firstAnalysisMs, lensTitle, lineOf, openFixture, runExplanation, waitForRules } from './helpers';

/** A function in a package of its own that grows a slice in a loop whose step can be 0. */
const growSource = `package outside

type Demo struct{ buf [4096]byte }

func getInterval() int { return 0 }

func grow(n int) []Demo {
	interval := getInterval()
	var demos []Demo
	for i := 0; i < n; i += interval {
		demos = append(demos, Demo{})
	}
	return demos
}
`;

/** Opens the explanation of the function under the "Why OOM" lens of `doc` and returns the document the preview shows. */
async function explanationOf(doc: vscode.TextDocument): Promise<vscode.TextDocument> {
  await waitForRules(doc.uri, { 'zero-step-loop': undefined, 'unbounded-append': undefined }, firstAnalysisMs);
  const lens = (await codeLenses(doc.uri)).find((l) => l.command?.title === lensTitle);
  assert.ok(lens?.command, `no "${lensTitle}" lens in ${doc.uri.fsPath}`);
  const { text } = await runExplanation(lens.command);
  const shown = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'go-oom-lens' && d.getText() === text);
  assert.ok(shown, 'the explanation is not an open go-oom-lens document');
  return shown;
}

/** Each `[line N](…)` of the explanation and the location the markdown extension resolves its link to. */
async function lineLinks(doc: vscode.TextDocument): Promise<{ line: number; href: string; target?: vscode.Uri }[]> {
  const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri, 1000);
  return [...doc.getText().matchAll(/\[line (\d+)\]\(([^)]*)\)/g)].map((m) => {
    const href = doc.positionAt(m.index + m[0].length - 1 - m[2].length);
    return { line: Number(m[1]), href: m[2], target: links.find((l) => l.range.contains(href))?.target };
  });
}

/** Asserts that every line link of `explanation` opens `file` at its line, and that one is the loop's. */
async function assertLinksOpen(explanation: vscode.TextDocument, file: vscode.TextDocument): Promise<void> {
  const links = await lineLinks(explanation);
  const loop = lineOf(file, 'for i := 0;') + 1;
  assert.ok(links.some((l) => l.line === loop), `no "line ${loop}" link (the loop) in the explanation:\n${explanation.getText().slice(0, 2000)}`);
  for (const { line, href, target } of links) {
    const where = `"line ${line}" (${href}) resolves to ${target?.toString(true) ?? 'nothing'}`;
    assert.equal(target?.scheme, 'file', where);
    assert.equal(target.with({ fragment: '' }).fsPath, file.uri.fsPath, where);
    assert.match(target.fragment, new RegExp(`^L${line}(,1)?$`), where);
  }
}

suite('explanation links', () => {
  suiteTeardown(closeOtherTabs);

  test('the "line N" links of handler\'s explanation open handler.go at line N', async () => {
    const handler = (await openFixture('handler.go')).document;
    await assertLinksOpen(await explanationOf(handler), handler);
  });

  test('a file outside the workspace folder: its explanation\'s links open that file at the line', async function () {
    this.timeout(firstAnalysisMs + 30_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-oom-lens-outside-'));
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    assert.ok(path.relative(folder, dir).startsWith('..'), `${dir} is inside the workspace folder ${folder}`);
    try {
      fs.writeFileSync(path.join(dir, 'go.mod'), 'module outside\n\ngo 1.21\n');
      fs.writeFileSync(path.join(dir, 'grow.go'), growSource);
      const grow = await vscode.workspace.openTextDocument(path.join(dir, 'grow.go'));
      await vscode.window.showTextDocument(grow, { preview: false });
      await assertLinksOpen(await explanationOf(grow), grow);
    } finally {
      await closeOtherTabs();
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs)
        .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.fsPath.startsWith(dir));
      await vscode.window.tabGroups.close(tabs);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
