// Opens the generated site in headless Chromium (Debian's `chromium`,
// driven through the DevTools protocol by playwright-core) as a reader
// would, from disk (file://):
// - screenshots of home, Croatia's page and a claim page into SHOTS;
// - no console errors, no page errors, no failed requests on any page opened;
// - every link and asset on those pages resolves to a file of the site;
// - each chart has one mark per plotted claim (the marks and the chart's
//   data table name the same claims, and each mark links to its claim page);
// - Croatia's and Serbia's expenditure charts draw planned/projected marks
//   differently from reported ones; the 65.79 % and 31.75 % shares are bars;
// - the search finds a claim by a word of its quote.
//
// usage: node browser.mjs SITE_DIR SHOTS_DIR
// A missing browser is a skip (exit 0) unless CI or REQUIRE_BROWSER is set.
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [site, shots] = process.argv.slice(2).map((p) => resolve(p));
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const required = !!(process.env.CI || process.env.REQUIRE_BROWSER);
if (!existsSync(browserPath)) {
  const msg = `${browserPath} not found: install Debian's chromium (apt-get install chromium)`;
  if (required) {
    console.error(`error: ${msg}; CI/REQUIRE_BROWSER is set, so this is a failure`);
    process.exit(1);
  }
  console.log(`SKIPPED the browser suite: ${msg}`);
  process.exit(0);
}
let chromium;
try {
  ({ chromium } = await import("playwright-core"));
} catch (e) {
  const msg = "playwright-core is not installed (npm ci --prefix tests/site)";
  if (required) {
    console.error(`error: ${msg}`);
    process.exit(1);
  }
  console.log(`SKIPPED the browser suite: ${msg}`);
  process.exit(0);
}

const failures = [];
let checks = 0;
function check(ok, what) {
  checks++;
  if (!ok) failures.push(what);
}

const browser = await chromium.launch({
  executablePath: browserPath,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
mkdirSync(shots, { recursive: true });

/** Opens a page of the site; returns it with its console errors recorded. */
async function open(rel, query = "") {
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  await page.goto(pathToFileURL(join(site, rel)).href + query, { waitUntil: "load" });
  return { page, errors };
}

/** Every href/src on the page resolves to a file of the site. */
async function linksResolve(page, rel) {
  const urls = await page.$$eval("a[href], link[href], script[src], img[src]", (els) =>
    els.map((e) => new URL(e.getAttribute("href") ?? e.getAttribute("src"), document.baseURI).href));
  let n = 0;
  for (const u of urls) {
    if (!u.startsWith("file:")) continue; // external addresses of sources
    const path = fileURLToPath(u.split("#")[0].split("?")[0]);
    n++;
    check(existsSync(path), `${rel}: link to ${path} does not resolve`);
  }
  return n;
}

/** Each chart: marks == rows of its data table, same claims, links resolve. */
async function chartsMatch(page, rel) {
  const charts = await page.$$eval("figure.chart", (figs) => figs.map((f) => ({
    id: f.querySelector("svg.chart")?.id,
    marks: [...f.querySelectorAll("svg.chart a.mark")].map((a) => ({
      claim: a.getAttribute("data-claim"),
      href: a.getAttribute("href"),
      title: a.querySelector("title")?.textContent || "",
    })),
    rows: [...f.querySelectorAll("table.plotted tbody tr td:last-child a")].map((a) => a.textContent),
  })));
  for (const c of charts) {
    check(c.marks.length > 0, `${rel} ${c.id}: no marks`);
    check(c.marks.length === c.rows.length, `${rel} ${c.id}: ${c.marks.length} marks for ${c.rows.length} plotted claims`);
    const a = c.marks.map((m) => m.claim).sort().join(" ");
    const b = [...c.rows].sort().join(" ");
    check(a === b, `${rel} ${c.id}: marks ${a} but table ${b}`);
    for (const m of c.marks) {
      check(m.href.endsWith(`claims/${m.claim}.html`), `${rel} ${c.id}: mark of ${m.claim} links to ${m.href}`);
      check(m.title.length > 0, `${rel} ${c.id}: mark of ${m.claim} has no <title>`);
    }
  }
  return charts;
}

/** The drawn style of a chart's marks, by status class. */
async function markStyles(page, chartId) {
  return page.$$eval(`svg#${chartId} a.mark`, (marks) => marks.map((a) => {
    const shape = a.querySelector("circle:last-of-type, path, rect:last-of-type");
    const cs = getComputedStyle(shape);
    return {
      cls: a.getAttribute("class"),
      fill: shape.getAttribute("fill"),
      dash: shape.getAttribute("stroke-dasharray") || "",
      box: a.getBoundingClientRect().width,
      title: a.querySelector("title").textContent,
      visible: cs.visibility !== "hidden" && a.getBoundingClientRect().width > 0,
    };
  }));
}

async function visit(rel, shot) {
  const { page, errors } = await open(rel);
  if (shot) await page.screenshot({ path: join(shots, shot), fullPage: true });
  const links = await linksResolve(page, rel);
  const charts = await chartsMatch(page, rel);
  check(errors.length === 0, `${rel}: ${errors.join("; ")}`);
  const h1 = await page.$$eval("h1", (h) => h.length);
  check(h1 === 1, `${rel}: ${h1} <h1> elements`);
  console.log(`ok ${rel}: ${links} links and assets resolve, ${charts.length} chart(s), ${charts.reduce((s, c) => s + c.marks.length, 0)} marks, no console errors`);
  return page;
}

// Home: the three headline charts, the shares as bars.
const home = await visit("index.html", "home.png");
const shares = await markStyles(home, "chart-arms-exports-share");
const bar = (v) => shares.find((s) => s.title.includes(v));
check(bar("65.79 %") && bar("65.79 %").visible, "home: no visible bar for the 65.79 % share");
check(bar("31.75 %") && bar("31.75 %").visible, "home: no visible bar for the 31.75 % share");
if (bar("65.79 %") && bar("31.75 %")) {
  check(bar("65.79 %").box > 1.8 * bar("31.75 %").box, `home: the 65.79 % bar (${bar("65.79 %").box}px) is not about twice the 31.75 % bar (${bar("31.75 %").box}px)`);
}

// Croatia: planned 2025 hollow and dashed, reported years filled.
const hr = await visit("entities/hr.html", "country-hr.png");
const hrMilex = await markStyles(hr, "chart-military-expenditure");
const planned = hrMilex.filter((m) => m.cls.includes("planned"));
const reported = hrMilex.filter((m) => m.cls.includes("reported"));
check(planned.length >= 1 && reported.length >= 2, `hr: ${planned.length} planned and ${reported.length} reported expenditure marks`);
check(planned.every((m) => m.fill === "#fff" && m.dash !== ""), "hr: a planned mark is not drawn hollow and dashed");
check(reported.every((m) => m.fill !== "#fff" && m.dash === ""), "hr: a reported mark is not drawn filled and solid");

// Serbia: the reported 2024 expenditure, and the projected 2025 change drawn hollow.
const rs = await visit("entities/rs.html", "country-rs.png");
const rsMilex = await markStyles(rs, "chart-military-expenditure");
check(rsMilex.some((m) => m.cls.includes("reported") && m.fill !== "#fff"), "rs: no filled reported expenditure mark");
const rsChange = await markStyles(rs, "chart-military-expenditure-change");
check(rsChange.some((m) => m.cls.includes("projected") && m.fill === "#fff" && m.dash !== ""), "rs: the projected 2025 change is not hollow and dashed");

// A claim page: quote, EUR, links.
const claim = await visit("claims/paper-hr-milex-2025.html", "claim-paper-hr-milex-2025.png");
const text = await claim.textContent("main");
for (const want of ["EUR 1.8 billion", "planned", "disputed"]) check(text.includes(want), `claim page lacks "${want}"`);
check((await claim.$$("blockquote mark")).length >= 1, "claim page: no highlighted quote");

await visit("metrics/military-expenditure.html");
await visit("check.html");
await visit("sources.html");

// Search: typing finds a claim by a word of its quote.
const { page: search, errors: searchErrors } = await open("search.html", "?q=Bosnia");
const results = await search.$$eval("#results a", (as) => as.map((a) => a.getAttribute("href")));
check(results.some((h) => h.startsWith("claims/")), `search for Bosnia found no claim (${results.length} results)`);
await search.fill("#q", "65.79");
const after = await search.$$eval("#results a", (as) => as.map((a) => a.getAttribute("href")));
check(after.includes("claims/dw-rs-arms-exports-share-2021.html"), `typing 65.79 did not find the share claim (${after.join(", ")})`);
check(searchErrors.length === 0, `search: ${searchErrors.join("; ")}`);
console.log(`ok search.html: ${results.length} results for Bosnia`);

await browser.close();
if (failures.length) {
  for (const f of failures) console.error(`FAIL ${f}`);
  console.error(`browser suite: ${failures.length} of ${checks} checks failed`);
  process.exit(1);
}
console.log(`browser suite: ${checks} checks passed; screenshots in ${shots}`);
