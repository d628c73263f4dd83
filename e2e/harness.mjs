// The test harness: a demo database with one account per role, a `chainchief serve` on a free
// loopback port, Debian's Chromium driven by playwright-core, and a tiny runner that reports
// every check and fails the process when one fails.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, "..");

/** Chromium as the machine notes say it runs headless here, with no network of its own. */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchBrowser() {
  const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(`${executablePath} not found: install Debian's chromium (apt-get install chromium) or set CHROMIUM`);
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Loads the demo province and returns its accounts (one per role, from `--accounts-file`). */
function demoAccounts(binary, database, size, work) {
  const accountsFile = join(work, "accounts.json");
  const args = ["demo", "--size", size, "--no-serve", "--database-url", database, "--accounts-file", accountsFile];
  const started = Date.now();
  execFileSync(binary, args, { stdio: ["ignore", "ignore", "inherit"] });
  // One stored evaluation run, so that the evaluations page has real results to show.
  execFileSync(binary, ["evaluate", "run", "--framework", "key-chain-development", "--year", "2025", "--store", "--database-url", database], { stdio: "ignore" });
  console.log(`demo (${size}) and an evaluation run ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const accounts = JSON.parse(readFileSync(accountsFile, "utf8"));
  return Object.fromEntries(accounts.map((a) => [a.role, a]));
}

/** Starts the server; resolves once it prints the address it serves. */
async function startServer(binary, database) {
  const port = await freePort();
  const child = spawn(
    binary,
    ["serve", "--database-url", database, "--listen", `127.0.0.1:${port}`, "--rate-limit", "5000", "--rate-burst", "10000"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const base = await new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${seen}`)), 60_000);
    child.stderr.on("data", (chunk) => {
      seen += chunk;
      // The whole address: a chunk may end in the middle of it.
      const match = /serving (http:\/\/\S+)\s/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => reject(new Error(`the server exited (${code}): ${seen}`)));
  });
  return { base, stop: () => child.kill("SIGTERM") };
}

export async function setUp() {
  const binary = process.env.CHAINCHIEF_BIN ?? join(root, "target/debug/chainchief");
  if (!existsSync(binary)) throw new Error(`${binary} not found: cargo build -p chainchief first, or set CHAINCHIEF_BIN`);
  const size = process.env.E2E_SIZE ?? "small";
  const work = mkdtempSync(join(tmpdir(), "chainchief-e2e-"));
  const database = process.env.E2E_DATABASE ?? join(work, `demo-${size}.sqlite`);
  const accounts = demoAccounts(binary, database, size, work);
  const server = await startServer(binary, database);
  const browser = await launchBrowser();
  return {
    base: server.base,
    size,
    accounts,
    browser,
    async tearDown() {
      await browser.close();
      server.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Runs named checks in order; a failure is reported and the rest still run. */
export class Runner {
  constructor() {
    this.failures = [];
    this.passed = 0;
  }

  async check(name, body) {
    const started = Date.now();
    try {
      await body();
      this.passed += 1;
      console.log(`  ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      this.failures.push(name);
      console.log(`  FAIL ${name}\n       ${String(error?.stack ?? error).split("\n").slice(0, 10).join("\n       ")}`);
    }
  }

  finish() {
    console.log(`\n${this.passed} passed, ${this.failures.length} failed`);
    if (this.failures.length) {
      console.log(`failed: ${this.failures.join("; ")}`);
      process.exitCode = 1;
    }
  }
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

export function equal(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** Digits of a formatted number ("2,000" → 2000). */
export function number(text) {
  const digits = String(text).replace(/[^\d.-]/g, "");
  return digits === "" ? NaN : Number(digits);
}
