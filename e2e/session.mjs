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

  /** Clicks the button named `name` inside `scope` and waits for the file it offers. */
  async download(scope, name) {
    const [download] = await Promise.all([
      this.page.waitForEvent("download", { timeout: 60_000 }),
      scope.getByRole("button", { name }).first().click(),
    ]);
    return download;
  }

  /** Clicks the Excel export button inside `scope` and returns the sheet's rows. */
  async exportXlsx(scope) {
    const download = await this.download(scope, /导出 Excel|Export Excel/);
    const bytes = readFileSync(await download.path());
    equal(bytes.toString("latin1", 0, 2), "PK", "the XLSX is a ZIP package");
    return { name: download.suggestedFilename(), rows: readXlsxRows(bytes) };
  }

  /** Clicks the export button inside `scope` and returns the CSV's rows (BOM checked). */
  async exportCsv(scope) {
    const download = await this.download(scope, /导出 CSV|Export CSV/);
    const text = readFileSync(await download.path(), "utf8");
    equal(text.charCodeAt(0), 0xfeff, "the CSV starts with a byte-order mark (Excel reads it as UTF-8)");
    return { name: download.suggestedFilename(), rows: parseCsv(text.slice(1)) };
  }
}

/** The cell texts of the first sheet of an XLSX the UI wrote (stored ZIP entries, inline strings
 * and numbers), row by row. */
export function readXlsxRows(bytes) {
  const find = (name) => {
    const end = bytes.length - 22;
    let at = bytes.readUInt32LE(end + 16);
    for (let i = 0; i < bytes.readUInt16LE(end + 10); i += 1) {
      const nameLength = bytes.readUInt16LE(at + 28);
      const local = bytes.readUInt32LE(at + 42);
      if (bytes.toString("utf8", at + 46, at + 46 + nameLength) === name) {
        const start = local + 30 + bytes.readUInt16LE(local + 26);
        return bytes.toString("utf8", start, start + bytes.readUInt32LE(at + 20));
      }
      at += 46 + nameLength;
    }
    throw new Error(`${name} is not in the workbook`);
  };
  const unescape = (t) => t.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  const column = (letters) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return [...find("xl/worksheets/sheet1.xml").matchAll(/<row [^>]*>(.*?)<\/row>/g)].map((row) => {
    const cells = [];
    const pattern = /<c r="([A-Z]+)\d+"[^>]*>(?:<v>([^<]*)<\/v>|<is><t[^>]*>([^<]*)<\/t><\/is>)<\/c>/g;
    for (const c of row[1].matchAll(pattern)) cells[column(c[1])] = c[2] !== undefined ? Number(c[2]) : unescape(c[3]);
    return Array.from(cells, (v) => v ?? null);
  });
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
