// End-to-end tests of the browser UI: sign in as several roles, open every page, compare the
// numbers on screen with the API's JSON for the same account, check that a city bureau and an
// enterprise never see what lies outside their scope, export tables, use dialogs with the
// keyboard, switch to English, and measure each dashboard page's load time (navigation start →
// data rendered). Screenshots of every page go to e2e/screenshots/.
//
//   node run.mjs                       small demo, target/debug/chainchief
//   E2E_SIZE=medium CHAINCHIEF_BIN=target/release/chainchief node run.mjs
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { Runner, equal, expect, number, setUp } from "./harness.mjs";
import { SCREENSHOTS, Session } from "./session.mjs";

const TAIYUAN = "140100";
const env = await setUp();
const runner = new Runner();
const timings = {};

/** Loads `path` three times (after one warm-up) and keeps the median time to data rendered. */
async function measure(session, name, path) {
  await session.visit(path);
  const runs = [];
  for (let i = 0; i < 3; i += 1) runs.push(await session.visit(path));
  runs.sort((a, b) => a - b);
  timings[name] = Math.round(runs[1]);
}

const mainText = (session) => session.text("main");

try {
  console.log(`chainchief at ${env.base} (${env.size} demo)`);

  // ───────────────────────────── administrator ─────────────────────────────
  const admin = await new Session(env, "administrator").open();
  let chains = [];
  let richest = null;
  await runner.check("administrator signs in with the keyboard (Enter submits)", async () => {
    await admin.page.goto(admin.url("/"));
    await admin.page.waitForURL(/\/signin/);
    equal(await admin.page.locator("h1").innerText(), "重点产业链综合服务平台", "sign-in title in Chinese by default");
    await admin.shot("signin");
    await admin.signIn();
  });

  await runner.check("dashboard shows every chain with the API's counts", async () => {
    chains = await admin.api("/api/chains");
    const total = (await admin.api("/api/enterprises?limit=1")).total;
    await admin.visit("/");
    const table = admin.page.locator("section.panel", { hasText: "重点产业链一览" });
    for (const chain of chains) {
      const row = table.locator("tbody tr", { hasText: chain.code });
      const cells = await row.locator("td").allInnerTexts();
      equal(cells[1], chain.name, `${chain.code} name`);
      equal(number(cells[2]), chain.node_count, `${chain.code} nodes`);
      equal(number(cells[3]), chain.enterprise_count, `${chain.code} members`);
      equal(number(cells[4]), chain.chain_master_count, `${chain.code} chain-masters`);
      equal(number(cells[5]), chain.chain_core_count, `${chain.code} chain cores`);
    }
    const stats = await admin.page.locator("[data-testid=dashboard-stats]").innerText();
    expect(stats.includes(total.toLocaleString("en")), `enterprise total ${total} shown: ${stats}`);
    expect(await admin.page.locator(".chart canvas").count() >= 1, "the chain chart is drawn");
    // The monitoring panels are filled from /api/monitoring/… (no "not available yet" notice).
    expect(!(await mainText(admin)).includes("尚未上线"), "every dashboard panel has its data");
    await admin.shot("dashboard");
  });

  await runner.check("dashboard chain table exports as XLSX and CSV", async () => {
    const table = admin.page.locator("section.panel", { hasText: "重点产业链一览" });
    const csv = await admin.exportCsv(table);
    expect(csv.name.startsWith("key-chains-") && csv.name.endsWith(".csv"), `file name ${csv.name}`);
    equal(csv.rows[0].join(","), "代码,产业链,环节数,链上企业,链主,链核", "CSV header");
    equal(csv.rows.length - 1, chains.length, "one CSV row per chain");
    for (const chain of chains) {
      const row = csv.rows.find((r) => r[0] === chain.code);
      equal(Number(row?.[3]), chain.enterprise_count, `${chain.code} members in the CSV`);
    }
    const xlsx = await admin.exportXlsx(table);
    expect(xlsx.name.startsWith("key-chains-") && xlsx.name.endsWith(".xlsx"), `file name ${xlsx.name}`);
    equal(xlsx.rows[0].join(","), csv.rows[0].join(","), "XLSX header as in the CSV");
    equal(xlsx.rows.length, csv.rows.length, "as many XLSX rows as CSV rows");
    for (const chain of chains) {
      const row = xlsx.rows.find((r) => r[0] === chain.code);
      equal(row?.[3], chain.enterprise_count, `${chain.code} members in the XLSX, as a number`);
    }
  });

  await runner.check("chain page: map, gap nodes, node table, targets match the API", async () => {
    const maps = await Promise.all(chains.map((c) => admin.api(`/api/chains/${c.code}`)));
    const gaps = (m) => m.nodes.filter((n) => n.enterprise_count === 0).length;
    richest = maps.reduce((best, m) => (gaps(m) > gaps(best) ? m : best));
    expect(gaps(richest) > 0, "the demo has gap nodes (缺链)");
    await admin.visit(`/chains/${richest.code}`);
    equal(await admin.page.locator("h1").innerText().then((t) => t.split(/\s/)[0]), richest.name, "chain name");
    const stats = await admin.page.locator(".stats").innerText();
    expect(stats.includes(`${gaps(richest)}\n缺链环节`), `gap count ${gaps(richest)} in ${stats}`);
    const nodeTable = admin.page.locator("section.panel", { hasText: "环节清单" });
    equal(await nodeTable.locator("tbody tr").count(), richest.nodes.length, "one row per node");
    equal(await nodeTable.locator("td.cell-gap").count(), gaps(richest), "gap rows marked");
    expect(await admin.page.locator(".grid-map canvas").count() >= 1, "the chain map is drawn");
    // Choosing a gap node in the list shows its details and highlights its row.
    const gap = richest.nodes.find((n) => n.enterprise_count === 0);
    await admin.page.locator(".gap-list button", { hasText: gap.name }).click();
    equal(await admin.page.locator("aside h2").first().innerText(), gap.name, "node detail heading");
    equal(await nodeTable.locator("tr.selected td").nth(1).innerText(), gap.name, "selected row");
    await admin.shot("chain");
  });

  let firstMember = null;
  await runner.check("enterprise list: total, chain filter, server sort, paging, CSV of every row", async () => {
    const all = await admin.api("/api/enterprises?limit=1");
    await admin.visit("/enterprises");
    expect((await admin.page.locator(".table-range").innerText()).includes(all.total.toLocaleString("en")), "total shown");
    const chain = chains[0];
    const filtered = await admin.api(`/api/enterprises?chain=${chain.code}&limit=50`);
    await admin.page.locator("select[name=chain]").selectOption(chain.code);
    await admin.page.getByRole("button", { name: "查询" }).click();
    await admin.page.waitForURL(/chain=/);
    await admin.page.locator(".table-range", { hasText: filtered.total.toLocaleString("en") }).waitFor();
    equal(await admin.page.locator("tbody tr").first().locator("td").first().innerText(), filtered.items[0].name, "first row of the chain");
    firstMember = filtered.items[0];
    // Sort by founding year, newest first (two clicks on the header), as the API sorts.
    const sorted = await admin.api(`/api/enterprises?chain=${chain.code}&sort=-founded&limit=50`);
    await admin.page.getByRole("button", { name: /成立年份/ }).click();
    await admin.page.waitForURL(/sort=founded/);
    await admin.page.getByRole("button", { name: /成立年份/ }).click();
    await admin.page.waitForURL(/sort=-founded/);
    await admin.page.locator("tbody tr").first().locator("td", { hasText: sorted.items[0].uscc }).waitFor();
    // The next page is the API's offset 50.
    if (sorted.total > 50) {
      const second = await admin.api(`/api/enterprises?chain=${chain.code}&sort=-founded&limit=50&offset=50`);
      await admin.page.getByRole("button", { name: "下一页" }).click();
      await admin.page.locator("tbody tr").first().locator("td", { hasText: second.items[0].uscc }).waitFor();
    }
    const csv = await admin.exportCsv(admin.page.locator("main"));
    equal(csv.rows.length - 1, filtered.total, "the export holds every matching enterprise, not one page");
    equal(csv.rows[0][0], "企业名称", "CSV header");
    await admin.shot("enterprises");
  });

  await runner.check("enterprise page: profile, memberships, supply links, series chart", async () => {
    const profile = await admin.api(`/api/enterprises/${firstMember.uscc}`);
    await admin.visit(`/enterprises/${firstMember.uscc}`);
    equal(await admin.page.locator("[data-testid=enterprise-name]").innerText(), profile.enterprise.name, "name");
    equal(await admin.page.locator("[data-testid=uscc]").innerText(), profile.enterprise.uscc, "USCC");
    const memberships = admin.page.locator("section.panel", { hasText: "所属产业链环节" });
    equal(await memberships.locator("tbody tr").count(), Math.max(1, profile.memberships.length), "membership rows");
    const suppliers = profile.suppliers?.visible.length ?? 0;
    if (suppliers) {
      const panel = admin.page.locator("section.panel", { hasText: "供应商（上游）" });
      equal(await panel.locator("tbody tr").count(), suppliers, "supplier rows");
    }
    const series = await admin.api(`/api/enterprises/${firstMember.uscc}/series/electricity`);
    await admin.page.locator("[data-testid=indicator]").selectOption("electricity");
    await admin.page.getByText("显示数据表").first().click();
    const table = admin.page.locator("section.panel", { hasText: "指标走势" }).locator("tbody tr");
    await admin.page.waitForFunction((n) => document.querySelectorAll("details[open] tbody tr").length === n, Math.max(1, series.points.length));
    equal(await table.count(), Math.max(1, series.points.length), "one row per reporting period");
    await admin.shot("enterprise");
  });

  await runner.check("region page: the city's enterprises and chains", async () => {
    const region = await admin.api(`/api/enterprises?region=${TAIYUAN}&limit=1`);
    const inChain = await admin.api(`/api/enterprises?region=${TAIYUAN}&chain=${chains[0].code}&limit=1`);
    await admin.visit(`/regions/${TAIYUAN}`);
    expect((await admin.page.locator(".stats").innerText()).includes(region.total.toLocaleString("en")), "region total");
    const row = admin.page.locator("section.panel", { hasText: "本地区参与的重点产业链" }).locator("tbody tr", { hasText: chains[0].code });
    equal(number((await row.locator("td").allInnerTexts())[3]), inChain.total, "members of the first chain in the city");
    await admin.shot("region");
  });

  await runner.check("engine pages say which endpoint they wait for", async () => {
    const document = await admin.api("/api/openapi.json");
    const pages = [
      ["monitoring", "/monitoring", "/api/monitoring/rollup"],
      ["risk", "/risk", "/api/chains/{code}/risk"],
      ["recommendations", `/recommendations?region=${TAIYUAN}`, "/api/recommendations"],
      ["evaluations", "/evaluations", "/api/evaluations"],
      ["eligibility", "/eligibility", "/api/eligibility"],
    ];
    for (const [name, path, endpoint] of pages) {
      await admin.visit(path);
      await admin.page.locator("section.panel").first().waitFor();
      const text = await mainText(admin);
      if (document.paths[endpoint]) {
        expect(!text.includes("尚未上线"), `${name}: the endpoint exists, so no pending notice`);
        await admin.page.locator("main tbody tr, main canvas").first().waitFor();
        expect(/\d/.test(await mainText(admin)), `${name}: figures on the page`);
      } else {
        expect(text.includes("此项数据的接口尚未上线"), `${name}: pending notice`);
        expect(text.includes(endpoint.split("{")[0]), `${name}: names ${endpoint}`);
      }
      await admin.shot(name);
    }
    // The stored run's ranking on screen is the API's, row for row.
    const runs = await admin.api("/api/evaluations");
    const run = await admin.api(`/api/evaluations/${runs.items[0].id}?lang=zh`);
    await admin.visit("/evaluations");
    const ranking = admin.page.locator("section.panel", { hasText: "排名" }).last();
    const firstRow = await ranking.locator("tbody tr").first().locator("td").allInnerTexts();
    expect(firstRow.some((cell) => cell.includes(String(run.ranking.rows[0][1]))), `first ranked unit ${run.ranking.rows[0][1]}: ${firstRow}`);
  });

  await runner.check("imports: batch history from the API; a bad file gets its report (or the upload waits for its endpoint)", async () => {
    const batches = await admin.api("/api/batches?limit=20");
    await admin.visit("/imports");
    const history = admin.page.locator("section.panel", { hasText: "导入批次记录" });
    equal(await history.locator("tbody tr").count(), Math.max(1, batches.items.length), "batch rows");
    const upload = admin.page.locator("input[type=file]");
    if (await upload.count()) {
      await upload.setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("统一社会信用代码,企业名称\n123,坏数据\n") });
      await admin.page.getByRole("button", { name: "上传并校验" }).click();
      await admin.page.locator("[data-testid=import-report]").waitFor();
      expect((await admin.page.locator("[data-testid=import-report]").innerText()).length > 0, "a report");
    } else {
      expect((await mainText(admin)).includes("POST /api/imports"), "the upload names POST /api/imports");
    }
    await admin.shot("imports");
  });

  await runner.check("administration: users (dialog with Escape and Enter), tokens, grants, audit verify", async () => {
    const users = await admin.api("/api/users?limit=500");
    await admin.visit("/admin/users");
    const table = admin.page.locator("section.panel", { hasText: "用户" });
    for (const user of users.items) await table.locator("td", { hasText: user.username }).first().waitFor();
    // The dialog takes focus, Escape closes it and gives focus back.
    const add = admin.page.getByRole("button", { name: "新建用户" });
    await add.click();
    await admin.page.locator("[role=dialog]").waitFor();
    equal(await admin.page.evaluate(() => document.activeElement?.id), "u-username", "focus moves into the dialog");
    await admin.page.keyboard.press("Escape");
    await admin.page.locator("[role=dialog]").waitFor({ state: "detached" });
    equal(await admin.page.evaluate(() => document.activeElement?.textContent?.trim()), "新建用户", "focus returns to the opener");
    // Create an account from the keyboard: Enter submits.
    await add.click();
    await admin.page.locator("#u-username").fill("e2e_viewer");
    await admin.page.locator("#u-password").fill("a-long-enough-password");
    await admin.page.locator("#u-password").press("Enter");
    await admin.page.locator("[data-testid=created-user]").waitFor();
    equal((await admin.api("/api/users?limit=500")).total, users.total + 1, "one more account");
    await admin.shot("admin-users");

    await admin.visit("/admin/tokens");
    await admin.page.getByRole("button", { name: "新建令牌" }).click();
    await admin.page.locator("#t-user").fill("e2e_viewer");
    await admin.page.locator("#t-name").fill("e2e");
    await admin.page.locator("#t-name").press("Enter");
    const secret = await admin.page.locator("[data-testid=token-secret]").innerText();
    expect(secret.length > 20, "the secret is shown once");
    const tokens = await admin.api("/api/tokens");
    const token = tokens.items.find((t) => t.name === "e2e");
    expect(token && !token.revoked_at, "the token is listed");
    await admin.page.locator("tr", { hasText: "e2e_viewer" }).getByRole("button", { name: "撤销" }).click();
    await admin.page.locator("[role=dialog]").getByRole("button", { name: "撤销" }).click();
    await admin.page.locator("[role=dialog]").waitFor({ state: "detached" });
    expect((await admin.api("/api/tokens")).items.find((t) => t.id === token.id).revoked_at, "revoked");
    await admin.shot("admin-tokens");

    const grants = await admin.api("/api/grants");
    await admin.visit("/admin/grants");
    equal(await admin.page.locator("main tbody tr").count(), Math.max(1, grants.items.length), "grant rows");
    await admin.shot("admin-grants");

    await admin.visit("/admin/audit");
    await admin.page.getByRole("button", { name: "校验日志完整性" }).click();
    const verdict = await admin.page.locator("[data-testid=audit-verdict]").innerText();
    expect(verdict.includes("审计日志完整"), verdict);
    await admin.shot("admin-audit");
  });

  await runner.check("大屏 wall: large figures, no navigation, Escape leaves", async () => {
    const total = (await admin.api("/api/enterprises?limit=1")).total;
    await admin.visit("/wall");
    const stats = await admin.page.locator("[data-testid=wall-stats]").innerText();
    expect(stats.includes(String(chains.length)) && stats.includes(total.toLocaleString("en")), stats);
    equal(await admin.page.locator("nav").count(), 0, "no navigation chrome");
    await admin.shot("wall-1366");
    await admin.page.setViewportSize({ width: 1920, height: 1080 });
    await admin.page.waitForTimeout(300);
    await admin.shot("wall-1920");
    await admin.page.setViewportSize(admin.viewport);
    await admin.page.keyboard.press("Escape");
    await admin.page.waitForURL(admin.url("/"));
  });

  await runner.check("English: every label switches, the choice persists", async () => {
    await admin.visit("/");
    await admin.page.keyboard.press("Tab");
    equal(await admin.page.evaluate(() => document.activeElement?.textContent), "跳到主要内容", "the first Tab reaches the skip link");
    await admin.page.getByRole("button", { name: "Switch to English" }).click();
    await admin.page.locator("h1", { hasText: "Province key chains overview" }).waitFor();
    const nav = await admin.page.locator("nav.mainnav").innerText();
    expect(!/[\u4e00-\u9fff]/.test(nav), `navigation in English: ${nav}`);
    await admin.shot("dashboard-en");
    await admin.visit(`/chains/${richest.code}`);
    expect((await mainText(admin)).includes("Gap nodes"), "chain page in English");
    await admin.shot("chain-en");
    await admin.page.getByRole("button", { name: "切换到中文" }).click();
    await admin.page.locator("h1", { hasText: richest.name }).waitFor();
  });

  await runner.check("load times (navigation start → data rendered)", async () => {
    await measure(admin, "dashboard", "/");
    await measure(admin, "chain", `/chains/${richest.code}`);
    await measure(admin, "enterprises", "/enterprises");
    await measure(admin, "enterprise", `/enterprises/${firstMember.uscc}`);
    await measure(admin, "region", `/regions/${TAIYUAN}`);
    await measure(admin, "wall", "/wall");
  });

  // Out-of-scope enterprises for the checks below: outside Taiyuan.
  const outside = (await admin.api("/api/enterprises?limit=500&sort=-region")).items.filter((e) => !e.region?.startsWith("1401"));
  expect(outside.length > 0, "enterprises outside Taiyuan exist");
  await admin.close();

  // ───────────────────────────── city bureau (Taiyuan) ─────────────────────────────
  const bureau = await new Session(env, "region_bureau").open();
  await runner.check("city bureau: its own region only, in every figure", async () => {
    await bureau.signIn();
    const me = await bureau.api("/api/session");
    equal(me.region, TAIYUAN, "the demo bureau is Taiyuan's");
    const total = (await bureau.api("/api/enterprises?limit=1")).total;
    await bureau.visit("/");
    equal(await bureau.page.locator("h1").innerText(), "本地区重点产业链总览", "title");
    expect((await bureau.page.locator("[data-testid=dashboard-stats]").innerText()).includes(total.toLocaleString("en")), "scoped total");
    const nav = await bureau.page.locator("nav.mainnav a").allInnerTexts();
    expect(nav.includes("本地区") && !nav.includes("企业") === false && !nav.includes("系统管理"), `navigation: ${nav}`);
    await bureau.shot("dashboard");

    await bureau.visit("/enterprises");
    expect((await bureau.page.locator(".table-range").innerText()).includes(total.toLocaleString("en")), "list total");
    const regions = await bureau.page.locator("tbody td a[href^='/regions/']").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    expect(regions.length > 0 && regions.every((href) => href.startsWith("/regions/1401")), `only Taiyuan: ${regions.slice(0, 5)}`);
    await bureau.shot("enterprises");

    // Searching for an enterprise of another city finds nothing.
    await bureau.page.locator("input[name=search]").fill(outside[0].name);
    await bureau.page.locator("input[name=search]").press("Enter");
    await bureau.page.locator(".table-range", { hasText: "没有符合条件的记录" }).waitFor();

    // Its page by URL: the same answer as a missing enterprise, and nothing of it shown.
    await bureau.visit(`/enterprises/${outside[0].uscc}`);
    const text = await mainText(bureau);
    expect(text.includes("未找到，或不在您的权限范围内"), text);
    expect(!text.includes(outside[0].name), "the out-of-scope name never appears");
    await bureau.shot("enterprise-out-of-scope");

    // Another city's region page has no enterprises.
    const otherCity = `${outside[0].region.slice(0, 4)}00`;
    await bureau.visit(`/regions/${otherCity}`);
    await bureau.page.locator("section.panel", { hasText: "本地区企业" }).locator(".table-range").waitFor();
    expect((await bureau.page.locator(".stats").innerText()).includes("0\n本地区企业"), "zero enterprises in another city");

    await bureau.visit(`/regions/${TAIYUAN}`);
    await bureau.shot("region");
    for (const path of ["/", "/enterprises", `/regions/${TAIYUAN}`, "/wall"]) {
      await bureau.visit(path);
      const html = await bureau.page.content();
      const leaked = outside.filter((e) => html.includes(e.uscc) || html.includes(e.name));
      equal(leaked.length, 0, `${path} shows no enterprise of another city`);
    }
    await bureau.shot("wall");

    await bureau.visit("/admin/users");
    expect((await mainText(bureau)).includes("无权访问"), "administration is refused");
    equal(await bureau.apiStatus("/api/users"), 403, "and the server agrees");
  });
  await bureau.close();

  // ───────────────────────────── enterprise ─────────────────────────────
  const firm = await new Session(env, "enterprise").open();
  await runner.check("enterprise: sees itself, not others", async () => {
    await firm.signIn();
    const me = await firm.api("/api/session");
    const profile = await firm.api(`/api/enterprises/${me.uscc}`);
    const nav = await firm.page.locator("nav.mainnav a").allInnerTexts();
    equal(nav.join(" "), "总览 本企业", "an enterprise's navigation");
    await firm.shot("dashboard");
    await firm.page.getByRole("link", { name: "本企业" }).click();
    await firm.page.locator("[data-testid=enterprise-name]", { hasText: profile.enterprise.name }).waitFor();
    await firm.ready();
    await firm.shot("own-enterprise");
    await firm.visit("/enterprises");
    equal(await firm.page.locator("main tbody tr").count(), 1, "its list holds only itself");
    const other = outside.find((e) => e.uscc !== me.uscc);
    await firm.visit(`/enterprises/${other.uscc}`);
    const text = await mainText(firm);
    expect(text.includes("未找到，或不在您的权限范围内") && !text.includes(other.name), text);
    await firm.shot("other-enterprise");
  });
  await firm.close();

  // ───────────────────────────── viewer ─────────────────────────────
  const viewer = await new Session(env, "viewer").open();
  await runner.check("viewer: public chains only, no enterprise pages", async () => {
    await viewer.signIn();
    const nav = await viewer.page.locator("nav.mainnav a").allInnerTexts();
    equal(nav.join(" "), "总览", "a viewer's navigation");
    await viewer.visit("/enterprises");
    expect((await mainText(viewer)).includes("无权访问"), "the list is refused");
    await viewer.visit(`/chains/${richest.code}`);
    await viewer.shot("chain");
  });
  await viewer.close();
} finally {
  await env.tearDown();
}

mkdirSync(SCREENSHOTS, { recursive: true });
writeFileSync(join(SCREENSHOTS, `timings-${env.size}.json`), JSON.stringify(timings, null, 2));
console.log(`\nload time, navigation start → data rendered (${env.size} demo, median of 3):`);
for (const [page, ms] of Object.entries(timings)) console.log(`  ${page.padEnd(12)} ${String(ms).padStart(5)} ms`);
runner.finish();
