// What a person sees after installing the .vsix into code-server: the squiggles, the lens, the hover,
// the Problems panel, and a quick fix that changes the code. Driven with Playwright by
// scripts/editor-tests.mjs, which opens the incident's workspace before these steps run.
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';

/** One user-visible check; `independent` ones leave the page as they found it, so later steps still run when they fail. */
export interface SmokeStep { title: string; independent?: boolean; run(): Promise<void> }

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
  let explanation = '';

  /** The editor's visible text, with the non-breaking spaces Monaco renders turned back into spaces. */
  async function visibleText(): Promise<string> {
    const rows = await lines.locator('.view-line').evaluateAll((els: El[]) =>
      els.map((e) => ({ top: parseFloat(e.style.top) || 0, text: e.textContent ?? '' })));
    return rows.sort((a, b) => a.top - b.top).map((r) => r.text.replace(/\u00a0/g, ' ')).join('\n');
  }

  /** The webview frame showing the explanation and its text (the workbench itself shows the lens title and the file's comments, so only webview frames count). */
  async function explanationFrame(): Promise<{ frame: Frame; text: string } | undefined> {
    const frames = page.frames().filter((f) => f !== page.mainFrame());
    const texts = await Promise.all(frames.map((f) => f.evaluate('document.body ? document.body.innerText : ""').catch(() => '')));
    const i = texts.findIndex((t) => typeof t === 'string' && /stack overflow/.test(t));
    return i < 0 ? undefined : { frame: frames[i], text: texts[i] as string };
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
        // Squiggles are absolutely placed decorations: match their tops to the lines they underline, in one
        // look at the page (the lens appearing above func handler moves everything down).
        const underlined = (needles: string[]) => `(() => {
          const ed = document.querySelector('.editor-instance .monaco-editor');
          const lines = [...ed.querySelectorAll('.view-line')];
          const squiggles = [...ed.querySelectorAll('.squiggly-warning')].map((e) => e.getBoundingClientRect());
          return ${JSON.stringify(needles)}.every((n) => {
            const line = lines.find((l) => (l.textContent || '').replace(/\\u00a0/g, ' ').includes(n));
            if (!line) return false;
            const r = line.getBoundingClientRect();
            return squiggles.some((s) => s.y >= r.y - 1 && s.y <= r.y + r.height);
          });
        })()`;
        await page.waitForFunction(underlined(['for i := 0; i < len(items); i += interval {', 'demos = append(demos, newDemo())']), undefined, { timeout: ui })
          .catch(async () => {
            const tops = await editor.locator('.squiggly-warning').evaluateAll((els: El[]) => els.map((e) => e.getBoundingClientRect().y));
            throw new Error(`the squiggles (at y = ${tops.join(', ')}) are not on the for and append lines`);
          });
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
      title: 'the Problems panel lists zero-step-loop and unbounded-append (screenshot smoke-overview.png)',
      async run() {
        await editor.click({ position: { x: 200, y: 10 } });
        await page.keyboard.press('Control+Shift+M');
        const panel = page.locator('.markers-panel');
        await panel.waitFor({ timeout: ui });
        for (const id of ['zero-step-loop', 'unbounded-append']) {
          await panel.locator('.monaco-list-row', { hasText: id }).first().waitFor({ timeout: ui });
        }
        await shot('smoke-overview.png');
      },
    },
    {
      title: 'hovering the loop explains where the zero comes from (screenshot smoke-hover.png)',
      async run() {
        const line = await lineWith('for i := 0; i < len(items); i += interval {');
        const step = line.locator('span', { hasText: /^interval$/ }).last();
        await (await step.count() ? step : line).hover();
        // The editor shows the diagnostic at once and our part when the server answers: wait for ours.
        const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'When it is 0:' }).first();
        await hover.waitFor({ timeout: ui });
        const text = await hover.innerText();
        if (!/zero-step-loop/.test(text)) throw new Error(`the hover does not show the diagnostic's rule id:\n${text}`);
        // The diagnostic's message is shown once (by the editor, above ours); ours adds the story and a link.
        const message = text.split('\n').find((l) => /never end/.test(l));
        if (!message || text.split(message).length !== 2) throw new Error(`the diagnostic's message is not shown exactly once:\n${text}`);
        if (!/getInterval\(\)/.test(text) || !/the full explanation/.test(text)) throw new Error(`the hover lacks where the value comes from or the link to the explanation:\n${text}`);
        // A command link renders as a link only when the client trusts that command (markdown.isTrusted).
        const link = hover.locator('a', { hasText: 'the full explanation' }).first();
        const href = await link.evaluate((a: { getAttribute(n: string): string | null }) => a.getAttribute('data-href') ?? a.getAttribute('href')).catch(() => null);
        if (!href?.startsWith('command:goOomLens.showExplanation')) throw new Error(`the hover's "full explanation" is not a command link (href ${href}):\n${text}`);
        await shot('smoke-hover.png');
        // Move away so the hover closes and uncovers the lens for the next step.
        await page.mouse.move(150, 700);
        await hover.waitFor({ state: 'hidden', timeout: ui });
      },
    },
    {
      title: 'clicking the lens opens the explanation of handler (screenshot smoke-explanation.png)',
      async run() {
        await page.keyboard.press('Escape');
        // The lens's link, not its decoration: whenever any extension registers a code-lens provider
        // (merge-conflict does at startup), VS Code redraws every lens as a command-less <span> from
        // its lens cache until all providers answered again, and a click there does nothing. Playwright
        // delivers the click only when the pointer lands on this link, so the one click runs the command.
        // VS Code asks the providers again only while the editor's text has focus (a blur cancels the
        // request): back in the code first, as a person reading it is, not in the Problems panel.
        await (await lineWith('func handler(items []Item) []Output {')).click();
        const link = editor.locator('.codelens-decoration a', { hasText: lensTitle }).first();
        const preview = `(document.querySelector('.tabs-container .tab.active')?.textContent || '').includes('Preview')`;
        await link.click({ timeout: ui }).catch(async (err: Error) => {
          const lens = editor.locator('.codelens-decoration', { hasText: lensTitle }).first();
          throw new Error(`could not click the lens (${err.message.split('\n')[0]}); it is: ${await lens.evaluate((e: { outerHTML: string }) => e.outerHTML).catch(() => 'gone')}`);
        });
        await page.waitForFunction(preview, undefined, { timeout: ui }).catch(async () => {
          const toasts = await page.locator('.notifications-toasts').innerText().catch(() => '');
          throw new Error(`one click on the lens opened no preview within ${ui / 1000} s${toasts ? `; notifications: ${toasts}` : ''}`);
        });
        const tab = page.locator('.tabs-container .tab.active');
        // The preview is a webview: its text lives in nested frames of the page.
        const facts = [/handler/, /stack overflow/, /SIGKILL|137/, /growslice/, /1\s*GiB/];
        let seen = '';
        const deadline = Date.now() + ui;
        while (!facts.every((f) => f.test(seen))) {
          if (Date.now() > deadline) throw new Error(`the preview "${await tab.innerText()}" never showed ${facts.filter((f) => !f.test(seen)).join(', ')}:\n${seen.slice(0, 1500)}`);
          await page.waitForTimeout(250); // webview frames expose no event to wait on
          seen = (await explanationFrame())?.text ?? '';
        }
        await shot('smoke-explanation.png');
        explanation = seen;
      },
    },
    {
      title: 'the explanation\'s links render as links, not as raw markdown',
      independent: true,
      async run() {
        const raw = /\[[^\]\n]*\]\([a-z]+:[^)\s]*\)/.exec(explanation);
        if (raw) throw new Error(`the preview shows a markdown link as raw text (the preview refuses its scheme): ${raw[0]}`);
      },
    },
    {
      title: 'clicking a "line N" link in the explanation opens handler.go with the cursor on line N',
      async run() {
        // The explanation lists each finding as "line N: `code` — message"; the first is the for loop.
        const listed = /line (\d+): for i := 0; i < len\(items\); i \+= interval \{/.exec(explanation.replace(/[`“”]/g, ''));
        if (!listed) throw new Error(`the explanation does not list the for loop as "line N: …":\n${explanation.slice(0, 1500)}`);
        const line = listed[1];
        const found = await explanationFrame();
        if (!found) throw new Error('the explanation preview is gone');
        const link = found.frame.locator('a', { hasText: new RegExp(`^line ${line}$`) }).first();
        const href = await link.getAttribute('data-href', { timeout: ui }).catch(() => null);
        await link.click({ timeout: ui });
        const activeTab = `(document.querySelector('.tabs-container .tab.active')?.textContent || '')`;
        const selection = `(document.querySelector('[id="status.editor.selection"]')?.textContent || '')`;
        await page.waitForFunction(`${activeTab}.includes('handler.go') && /\\bLn ${line},/.test(${selection})`, undefined, { timeout: ui / 4 })
          .catch(async () => {
            const [tab, at] = await Promise.all([page.evaluate(activeTab), page.evaluate(selection)]);
            throw new Error(`clicking "line ${line}" (href ${href}) left the active tab "${tab}" with the cursor at "${at}", not handler.go at Ln ${line}`);
          });
        await shot('smoke-line-link.png');
        const preview = page.locator('.tabs-container .tab', { hasText: 'Preview' }).first();
        await preview.click();
        await preview.locator('.codicon-close').click();
        await page.locator('.tabs-container .tab', { hasText: 'handler.go' }).click();
      },
    },
    {
      title: 'Ctrl+. on the loop offers quick fixes and Enter applies the preferred one',
      async run() {
        await page.keyboard.press('Escape');
        const line = await lineWith('for i := 0; i < len(items); i += interval {');
        await line.click();
        // Where the line's middle falls depends on the layout: put the cursor on the `for`, in the diagnostic's range.
        await page.keyboard.press('End');
        await page.keyboard.press('Home');
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
      title: 'after the fix the squiggles and the lens are gone and the guard is in the code (screenshot smoke-fixed.png)',
      async run() {
        await page.waitForFunction(`${count('.editor-instance .monaco-editor .squiggly-warning, .editor-instance .monaco-editor .squiggly-error')} === 0`,
          undefined, { timeout: ui });
        const text = await visibleText();
        const guard = text.indexOf('if interval');
        const loop = text.indexOf('for i := 0; i < len(items); i += interval {');
        if (guard < 0 || loop < 0 || guard > loop) throw new Error(`the guard is not before the loop:\n${text}`);
        await shot('smoke-fixed.png');
        // VS Code asks for lenses again after an edit; a server that answers before its analysis ran
        // must send workspace/codeLens/refresh, or the stale lens stays.
        await editor.locator('.codelens-decoration', { hasText: lensTitle }).first().waitFor({ state: 'detached', timeout: ui })
          .catch(() => { throw new Error(`the "${lensTitle}" lens is still shown ${ui / 1000} s after the fix removed the finding`); });
        await shot('smoke-fixed.png');
      },
    },
  ];
}
