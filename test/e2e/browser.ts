import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { repoRoot } from '../../infra/local/runtime.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/** Debian's Chromium, headless, with the switches that keep it off the network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A page whose waits give up well inside the test's own timeout, so a failure names the step that hung. */
async function pageIn(browser: Browser, options: Parameters<Browser['newContext']>[0]): Promise<Page> {
  const context = await browser.newContext({ timezoneId: 'Asia/Shanghai', ...options });
  context.setDefaultTimeout(12_000);
  return context.newPage();
}

/** A phone-sized page (390×844), in the given language. */
export function phonePage(browser: Browser, locale = 'zh-CN'): Promise<Page> {
  return pageIn(browser, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale });
}

/** A desktop page (1280×900) in Chinese, as officials and finance staff use the consoles. */
export function desktopPage(browser: Browser): Promise<Page> {
  return pageIn(browser, { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
}

/** Signs the page in as the demo user whose card shows `name`, and waits until it has left the sign-in page. */
export async function signIn(page: Page, appUrl: string, name: string): Promise<Page> {
  await page.goto(`${appUrl}/#/signin`);
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await page.waitForFunction(() => location.hash !== '#/signin');
  return page;
}

/** Elements that reach past the viewport's right or left edge (tables scroll in their own box). */
export function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      if (element.closest('.table-scroll, .visually-hidden, .skip')) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.right > width + 1 || box.left < -1) out.push(`${element.tagName.toLowerCase()}.${element.className} “${(element.textContent ?? '').slice(0, 24)}” ${Math.round(box.left)}–${Math.round(box.right)} of ${width}`);
    }
    if (document.documentElement.scrollWidth > width + 1) out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} of ${width}`);
    return out.slice(0, 8);
  });
}

export const screenshotDir = join(import.meta.dirname, 'screenshots');

/** Kept for a person to look at after the run (gitignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

const axeScript = join(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');

/** axe-core on the page as it stands: nothing serious or critical may be found. */
/** What a screen reader says after a control's name: the text of the elements its aria-describedby names. */
export async function descriptionOf(control: Locator): Promise<string> {
  return control.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim(),
  );
}

export async function expectAccessible(page: Page): Promise<void> {
  await page.addScriptTag({ path: axeScript });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
    return result.violations;
  });
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** The local runtime serving the built web app, and Chromium, for the tests of the calling file. */
export function webAppUnderTest(): { runtime: TestRuntime; browser: Browser } {
  const context = {} as { runtime: TestRuntime; browser: Browser };
  beforeAll(async () => {
    context.runtime = await startTestRuntime({ webRoot: join(repoRoot, 'web', 'dist') });
    context.browser = await launchBrowser();
  });
  // A failed step leaves what each open page showed, and where, for the person reading the log.
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail' || !context.browser) return;
    const pages = context.browser.contexts().flatMap((browserContext) => browserContext.pages());
    for (const [index, page] of pages.entries()) {
      const name = `failed-${task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60)}-${index}`;
      await screenshot(page, name).catch(() => undefined);
      console.error(`${name}: ${page.url()}\n${(await page.locator('main').first().innerText({ timeout: 1000 }).catch(() => '(no main)')).slice(0, 600)}`);
    }
  });
  afterAll(async () => {
    await context.browser?.close();
    await context.runtime?.stop();
  });
  return context;
}
