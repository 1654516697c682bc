// What a person sees after installing the .vsix into code-server: the squiggles, the lens, the hover,
// the Problems panel, and a quick fix that changes the code. Driven with Playwright by
// scripts/editor-tests.mjs, which opens the incident's workspace before these steps run.
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';

export interface SmokeStep { title: string; run(): Promise<void> }

const lensTitle = 'Why OOM, not stack overflow?';

/** The little of the DOM these steps read in the page (the test project has no DOM typings). */
interface El { textContent: string | null; style: { top: string }; getBoundingClientRect(): { y: number } }

/** A condition evaluated in the page: how many elements match `selector`. */
const count = (selector: string) => `document.querySelectorAll(${JSON.stringify(selector)}).length`;
/** The editor's rendered lines, as the page sees them. */
const editorText = "[...document.querySelectorAll('.editor-instance .monaco-editor .view-line')].map((e) => e.textContent || '').join('\\n').replace(/\\u00a0/g, ' ')";
const ui = 60_000;

/** The steps in order; each one relies on the state the previous ones left. */
export function smokeSteps({ page, artifacts }: { page: Page; artifacts: string }): SmokeStep[] {
  const editor = page.locator('.editor-instance .monaco-editor').first();
  const lines = editor.locator('.view-lines');
  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, name) });

  /** The editor's visible text, with the non-breaking spaces Monaco renders turned back into spaces. */
  async function visibleText(): Promise<string> {
    const rows = await lines.locator('.view-line').evaluateAll((els: El[]) =>
      els.map((e) => ({ top: parseFloat(e.style.top) || 0, text: e.textContent ?? '' })));
    return rows.sort((a, b) => a.top - b.top).map((r) => r.text.replace(/\u00a0/g, ' ')).join('\n');
  }

  async function lineWith(text: string): Promise<Locator> {
    const line = lines.locator('.view-line', { hasText: text }).first();
    await line.waitFor({ timeout: ui });
    return line;
  }

  return [
    {
      title: 'the workbench opens the incident folder with our extension installed',
      async run() {
        await page.locator('.monaco-workbench').waitFor({ timeout: ui });
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'handler.go' }).waitFor({ timeout: ui });
      },
    },
    {
      title: 'clicking handler.go in the explorer opens it',
      async run() {
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'handler.go' }).click();
        await page.locator('.tabs-container .tab', { hasText: 'handler.go' }).waitFor({ timeout: ui });
        await lineWith('func handler(items []Item) []Output {');
      },
    },
    {
      title: 'two warning squiggles appear: the for line and the append line',
      async run() {
        await page.waitForFunction(`${count('.editor-instance .monaco-editor .squiggly-warning')} >= 2`, undefined, { timeout: ui });
        const errors = await editor.locator('.squiggly-error').count();
        if (errors) throw new Error(`${errors} error squiggle(s) where only warnings belong`);
        // Squiggles are absolutely placed decorations: match their tops to the lines they underline.
        const top = async (l: Locator) => (await l.boundingBox())?.y ?? NaN;
        const forTop = await top(await lineWith('for i := 0; i < len(items); i += interval {'));
        const appendTop = await top(await lineWith('demos = append(demos, newDemo())'));
        const squiggleTops = await editor.locator('.squiggly-warning').evaluateAll((els: El[]) => els.map((e) => e.getBoundingClientRect().y));
        for (const [what, y] of [['for', forTop], ['append', appendTop]] as const) {
          if (!squiggleTops.some((s) => Math.abs(s - y) < 4)) throw new Error(`no squiggle on the ${what} line (y=${y}; squiggles at ${squiggleTops.join(', ')})`);
        }
      },
    },
    {
      title: `the code lens reads "${lensTitle}"`,
      async run() {
        const lens = editor.locator('.codelens-decoration', { hasText: lensTitle });
        await lens.first().waitFor({ timeout: ui });
      },
    },
    {
      title: 'the Problems panel lists zero-step-loop and unbounded-append',
      async run() {
        await editor.click({ position: { x: 200, y: 10 } });
        await page.keyboard.press('Control+Shift+M');
        const panel = page.locator('.markers-panel');
        await panel.waitFor({ timeout: ui });
        for (const id of ['zero-step-loop', 'unbounded-append']) {
          await panel.locator('.monaco-list-row', { hasText: id }).first().waitFor({ timeout: ui });
        }
      },
    },
    {
      title: 'hovering the loop explains where the zero comes from (screenshot smoke-hover.png)',
      async run() {
        const line = await lineWith('for i := 0; i < len(items); i += interval {');
        const step = line.locator('span', { hasText: /^interval$/ }).last();
        await (await step.count() ? step : line).hover();
        const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'getInterval()' }).first();
        await hover.waitFor({ timeout: ui });
        const text = await hover.innerText();
        if (!/zero-step-loop/.test(text)) throw new Error(`the hover does not show the diagnostic's rule id:\n${text}`);
        await shot('smoke-hover.png');
      },
    },
    {
      title: 'Ctrl+. on the loop offers quick fixes and Enter applies the preferred one',
      async run() {
        await page.keyboard.press('Escape');
        const line = await lineWith('for i := 0; i < len(items); i += interval {');
        await line.click();
        await page.keyboard.press('Control+Period');
        const menu = page.locator('.action-widget .monaco-list-row.action');
        await menu.first().waitFor({ timeout: ui });
        const titles = await menu.allInnerTexts();
        if (titles.length < 2) throw new Error(`expected at least two quick fixes, got: ${titles.join('; ')}`);
        await shot('smoke-quickfix-menu.png');
        // The preferred fix is listed first and focused; Enter applies it, as a user would.
        await page.keyboard.press('Enter');
        await page.waitForFunction(`/if\\s+interval\\s*(<=\\s*0|<\\s*1)\\s*\\{/.test(${editorText})`, undefined, { timeout: ui });
      },
    },
    {
      title: 'after the fix the squiggles are gone and the guard is in the code (screenshot smoke-fixed.png)',
      async run() {
        await page.waitForFunction(`${count('.editor-instance .monaco-editor .squiggly-warning, .editor-instance .monaco-editor .squiggly-error')} === 0`,
          undefined, { timeout: ui });
        const text = await visibleText();
        const guard = text.indexOf('if interval');
        const loop = text.indexOf('for i := 0; i < len(items); i += interval {');
        if (guard < 0 || loop < 0 || guard > loop) throw new Error(`the guard is not before the loop:\n${text}`);
        if (await editor.locator('.codelens-decoration', { hasText: lensTitle }).count()) throw new Error('the lens is still there after the fix');
        await shot('smoke-fixed.png');
      },
    },
  ];
}
