// One signed-in browser session (its own cookies) and the helpers the checks use: the API as
// the same account sees it, page visits that wait for the page's data, screenshots, downloads.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { equal, expect, here } from "./harness.mjs";

export const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? join(here, "screenshots");

export class Session {
  constructor(env, role, viewport = { width: 1366, height: 768 }) {
    this.env = env;
    this.role = role;
    this.account = env.accounts[role];
    this.viewport = viewport;
    this.errors = [];
  }

  async open() {
    this.context = await this.env.browser.newContext({ viewport: this.viewport, locale: "zh-CN", acceptDownloads: true });
    this.page = await this.context.newPage();
    this.page.on("pageerror", (error) => this.errors.push(error.message));
    return this;
  }

  async close() {
    await this.context?.close();
  }

  url(path) {
    return `${this.env.base}${path}`;
  }

  /** Signs in through the form, submitting with Enter. */
  async signIn() {
    expect(this.account, `no demo account for role ${this.role}`);
    await this.page.goto(this.url("/signin"));
    await this.page.locator("#username").fill(this.account.username);
    await this.page.locator("#password").fill(this.account.password);
    await this.page.locator("#password").press("Enter");
    await this.page.waitForURL(this.url("/"));
    await this.ready();
  }

  /** GET through the API with this session's cookie. */
  async api(path) {
    const response = await this.context.request.get(this.url(path));
    expect(response.ok(), `GET ${path} answered ${response.status()}`);
    return response.json();
  }

  async apiStatus(path) {
    return (await this.context.request.get(this.url(path))).status();
  }

  /** Waits until the page says its data is on screen. */
  async ready() {
    await this.page.waitForSelector("body[data-ready]", { timeout: 30_000 });
  }

  /**
   * Opens `path` as a fresh page load and returns the milliseconds from navigation start to the
   * page's data being rendered (its `chainchief:ready` performance mark).
   */
  async visit(path) {
    await this.page.goto(this.url(path));
    await this.ready();
    const ms = await this.page.evaluate(() => performance.getEntriesByName("chainchief:ready")[0]?.startTime ?? NaN);
    equal(this.errors.length, 0, `script errors on ${path}: ${this.errors.join(" | ")}`);
    return ms;
  }

  async text(selector = "main") {
    return this.page.locator(selector).innerText();
  }

  async shot(name) {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // Let charts finish their entrance animation.
    await this.page.waitForTimeout(700);
    await this.page.screenshot({ path: join(SCREENSHOTS, `${this.role}-${name}.png`), fullPage: true });
  }

  /** Clicks the export button inside `scope` and returns the CSV's rows (BOM checked). */
  async exportCsv(scope) {
    const [download] = await Promise.all([
      this.page.waitForEvent("download", { timeout: 60_000 }),
      scope.getByRole("button", { name: /导出 CSV|Export CSV/ }).first().click(),
    ]);
    const text = readFileSync(await download.path(), "utf8");
    equal(text.charCodeAt(0), 0xfeff, "the CSV starts with a byte-order mark (Excel reads it as UTF-8)");
    return { name: download.suggestedFilename(), rows: parseCsv(text.slice(1)) };
  }
}

/** A small RFC 4180 reader for the exports. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n") {
      row.push(field.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}
