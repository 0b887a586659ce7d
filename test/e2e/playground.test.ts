// The playground in a real browser (Debian's Chromium driven by playwright-core): the page
// loads GraphiQL 5 from this server only, the sign-in form puts the token into the headers and
// fills the example tabs, an example and a typed query run, and nothing is fetched from any
// other origin. Leaves a screenshot in test/.artifacts/playground.png (git-ignored).
// Runs in the sqlite project only; skipped without Chromium unless CI is set (then it fails).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildPlayground } from '../../scripts/build-playground';
import { PLACEHOLDER } from '../../src/playground/client/examples';
import { PASSWORD } from '../setup/fixture';
import { startHarness, type Harness } from '../setup/harness';
import { Official, OrgUnit } from '../../src/entities';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '.artifacts');
const runs = process.env.ZEREN_TEST_DB === 'sqlite' && (existsSync(CHROMIUM) || Boolean(process.env.CI));
const describeBrowser: jest.Describe = runs ? describe : describe.skip;

describeBrowser('GraphiQL playground in Chromium', () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let origin: string;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    await buildPlayground(); // reuses dist/playground when it is fresh
    h = await startHarness({ playground: true });
    // Chinese names, as the playground's users have them (the test also checks they are drawn readably).
    await h.db.getRepository(Official).update({ id: h.fixture.officials.teamM1.id }, { name: '张伟' });
    await h.db.getRepository(OrgUnit).update({ id: h.fixture.units.M1.id }, { name: '花园社区' });
    await new Promise<void>((resolve) => h.server.http.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(h.server.http.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // Without the background-networking flags Chromium calls hosts this machine cannot reach.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(30_000);
    page.on('request', (req) => requests.push(req.url()));
    page.on('websocket', (ws) => requests.push(ws.url()));
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  /** The text Monaco shows in an editor (only the rendered lines; enough for short content). */
  const editorText = async (selector: string): Promise<string> =>
    (await page.locator(`${selector} .view-lines`).first().innerText()).replace(/\u00a0/g, ' ');

  const response = (): Promise<string> => editorText('.graphiql-response');

  /** On failure, test/.artifacts/playground-failure.png shows where the page was. */
  async function withFailureShot(test: () => Promise<void>): Promise<void> {
    try {
      await test();
    } catch (err) {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'playground-failure.png') }).catch(() => undefined);
      throw err;
    }
  }

  it('signs in, runs an example tab and a typed query, and talks to this server only', () => withFailureShot(async () => {
    const res = await page.goto(`${origin}/graphiql`);
    expect(res?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 60_000 });
    // The example tabs, and the explorer plugin showing the introspected schema.
    for (const title of ['KeyTasksByLight', 'ResponsibilityChain', 'Portrait', 'MyWork']) {
      await page.locator('.graphiql-tab', { hasText: title }).waitFor();
    }
    await page.locator('.docExplorerWrap', { hasText: 'taskStats' }).waitFor({ timeout: 60_000 });

    // The first tab opens with its variables, a placeholder until sign-in.
    await page.locator('.graphiql-editor-tool[aria-label="Variables"] .view-lines', { hasText: PLACEHOLDER }).waitFor();

    await page.fill('#username', 'teamm1');
    await page.fill('#password', PASSWORD);
    await page.click('#signin-button');
    await page.locator('#signin-status', { hasText: 'Signed in' }).waitFor();
    expect(await page.locator('#signin-status').innerText()).toBe('Signed in as 张伟 (token in Headers)');

    // The example's placeholder variable is filled with the viewer's unit, the token is in Headers.
    await page.locator('.graphiql-editor-tool[aria-label="Variables"] .view-lines', { hasText: 'unitId', hasNotText: PLACEHOLDER }).waitFor();
    await page.click('.graphiql-editor-tools button[data-name="headers"]');
    await page.locator('.graphiql-editor-tool[aria-label="Headers"] .view-lines', { hasText: '"Authorization": "Bearer ey' }).waitFor();

    // Run the first example tab as it is.
    await page.click('.graphiql-execute-button');
    await page.locator('.graphiql-response .view-lines', { hasText: '"taskStats"' }).waitFor();
    expect(await response()).not.toContain('"errors"');

    // Type a query into Monaco and run it with the keyboard.
    await page.click('.graphiql-query-editor .view-lines');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText('query WhoAmI { viewer { name } }');
    // Monaco may have auto-closed the first brace after the cursor: drop whatever follows it.
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Escape'); // a suggestion box, if any
    // GraphiQL takes the operation name from the editor after a short delay; the tab shows it.
    await page.locator('.graphiql-tab', { hasText: 'WhoAmI' }).waitFor();
    await page.keyboard.press('ControlOrMeta+Enter');
    await page.locator('.graphiql-response .view-lines', { hasText: '张伟' }).waitFor();
    expect((await response()).replace(/\s+/g, ' ')).toContain('"viewer": { "name": "张伟" }');
    expect(await editorText('.graphiql-query-editor')).toContain('query WhoAmI { viewer { name } }');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'playground.png') });

    // Every request went to this server: the page, its script, chunks, stylesheet, Monaco's
    // workers, and /graphql (introspection, sign-in, the queries). No fonts or scripts elsewhere.
    const foreign = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith(`ws://${origin.slice(7)}/`));
    expect(foreign).toEqual([]);
    // Monaco starts its GraphQL language worker lazily (later on a loaded machine): wait for it, bounded.
    const workerLoaded = () => requests.some((url) => /\/graphiql\/assets\/graphql\.worker-.+\.js$/.test(new URL(url).pathname));
    for (const deadline = Date.now() + 30_000; !workerLoaded() && Date.now() < deadline;) await page.waitForTimeout(200);
    const paths = requests.map((url) => new URL(url).pathname);
    expect(paths).toContain('/graphql');
    expect(paths.some((p) => /^\/graphiql\/assets\/editor\.worker-.+\.js$/.test(p))).toBe(true);
    expect(paths.some((p) => /^\/graphiql\/assets\/graphql\.worker-.+\.js$/.test(p))).toBe(true);
    expect(problems).toEqual([]);
  }), 120_000);

  it('renders Chinese data and schema text with a CJK font, not as tofu', () => withFailureShot(async () => {
    // Chinese data in the response editor: the domains' names (农业农村, 教育, …).
    await page.click('.graphiql-query-editor .view-lines');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText('query Domains { domains { code name } }');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Escape');
    await page.locator('.graphiql-tab', { hasText: 'Domains' }).waitFor();
    await page.keyboard.press('ControlOrMeta+Enter');
    await page.locator('.graphiql-response .view-lines', { hasText: '教育' }).waitFor();

    // Which fonts Chromium really drew the text with (DevTools: CSS.getPlatformFontsForNode).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const fontsOf = async (selector: string): Promise<string[]> => {
      // Page code as text: the test is compiled without the DOM's types.
      const marked = await page.evaluate(`(() => {
        const spans = [...document.querySelectorAll(${JSON.stringify(selector)})].filter((e) => /[\\u4e00-\\u9fff]/.test(e.textContent || '') && e.children.length === 0);
        if (spans[0]) spans[0].setAttribute('data-cjk-probe', '1');
        return spans.length;
      })()`) as number;
      expect(marked).toBeGreaterThan(0);
      const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '[data-cjk-probe]' });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      await page.evaluate("document.querySelector('[data-cjk-probe]')?.removeAttribute('data-cjk-probe')");
      return fonts.map((f) => f.familyName);
    };
    const cjk = (families: string[]) => families.some((f) => /CJK|Noto Sans SC|Noto Serif SC|WenQuanYi|Droid Sans Fallback|PingFang|Hei|Song/i.test(f));
    const response = await fontsOf('.graphiql-response .view-line span');
    expect({ response, cjk: cjk(response) }).toEqual({ response, cjk: true });
    // And the sign-in bar's Chinese (the page's own text).
    await page.evaluate(`(() => {
      const probe = document.createElement('span');
      probe.id = 'cjk-text-probe';
      probe.textContent = '责任清单';
      document.body.appendChild(probe);
    })()`);
    const page_ = await fontsOf('#cjk-text-probe');
    expect({ page: page_, cjk: cjk(page_) }).toEqual({ page: page_, cjk: true });
    await cdp.detach();
  }), 120_000);

  it('shows the first list of the result as a table and downloads it as CSV', () => withFailureShot(async () => {
    // The domains of the previous test's result are still in the response editor.
    await page.click('button[aria-label="Show Results table"]');
    const table = page.locator('.zeren-results table');
    await table.locator('td', { hasText: '教育' }).waitFor();
    expect(await table.locator('th').allInnerTexts()).toEqual(['code', 'name']);
    const rows = await table.locator('tbody tr').count();
    expect(rows).toBeGreaterThan(3);
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('.zeren-results-csv')]);
    expect(file.suggestedFilename()).toBe('zeren-results.csv');
    const csv = readFileSync((await file.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(csv[0]).toBe('code,name');
    expect(csv).toHaveLength(rows + 1);
    expect(csv).toContain('EDUCATION,教育');
  }), 120_000);
});
