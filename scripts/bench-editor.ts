// `npm run bench:editor`: the console editor in real Chromium against a real server (scripts/serve.mjs).
//
//   npm run bench:editor -- [--samples 40]
//
// Prints, for a 200-line environment that imports two others:
//  - keystroke → preview: from a key press in Monaco (after a pause) to the preview pane showing
//    the new value; median and p95 over --samples keystrokes, measured inside the page
//    (performance.now() at keydown and at the DOM mutation that shows the effect);
//  - the editor page's JavaScript weight (bytes of script transferred, encoded, workers included)
//    and its time to interactive (navigation start → Monaco rendered and editable, and → first
//    preview shown);
//  - the environments list page's JavaScript weight until its load event and whether any of it is
//    Monaco (it must not be: the editor is loaded lazily), and what it fetches afterwards while
//    idle (CreateEnvironmentButton warms Monaco up then, so opening an environment is quick).
// Chromium is /usr/bin/chromium when present (Playwright's own download otherwise).
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { chromium, type Browser, type Page } from "@playwright/test";
import { snapshotBuild } from "../test/aws-journey/build-snapshot";
import { seedUserWithOrg } from "../test/support/admin";
import { startServer, type TestServer } from "../test/support/server";

const ORG = "bench";
const PROJECT = "editor";
const PASSWORD = "correct horse battery staple";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** A definition of exactly `lines` lines that imports `imports` and interpolates their values. */
export function definition(lines: number, imports: string[]): string {
  const out = ["imports:", ...imports.map((i) => `  - ${i}`), "values:", "  probe: v0"];
  out.push("  environmentVariables:", "    SHARED: ${shared.region}", "    PROBE: ${probe}");
  let i = 0;
  while (out.length < lines - 2) {
    out.push(
      `  service${i}:`,
      `    url: https://svc-${i}.example.com/\${shared.region}`,
      `    port: ${8000 + i}`,
    );
    i++;
  }
  while (out.length < lines) out.push(`  pad${out.length}: ${out.length}`);
  return out.join("\n") + "\n";
}

async function seed(server: TestServer): Promise<void> {
  const token = await seedUserWithOrg(server, "bench", ORG);
  const headers = { Authorization: `token ${token}` };
  const base = `${server.url}/api/esc/environments/${ORG}`;
  const put = async (name: string, yaml: string) => {
    const created = await fetch(base, {
      method: "POST",
      headers,
      body: JSON.stringify({ project: PROJECT, name }),
    });
    if (!created.ok) throw new Error(`creating ${name}: ${created.status} ${await created.text()}`);
    const updated = await fetch(`${base}/${PROJECT}/${name}`, { method: "PATCH", headers, body: yaml });
    if (!updated.ok) throw new Error(`updating ${name}: ${updated.status} ${await updated.text()}`);
  };
  await put("shared", "values:\n  shared:\n    region: us-west-2\n    owner: platform\n");
  await put("common", "values:\n  logLevel: info\n  shared:\n    tier: gold\n");
  await put("big", definition(200, [`${PROJECT}/shared`, `${PROJECT}/common`]));
}

async function signIn(page: Page, server: TestServer): Promise<void> {
  await page.goto(`${server.url}/signin`);
  await page.getByLabel("Email").fill("bench@example.com");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.locator("button[type=submit]").click();
  await page.waitForURL(`**/${ORG}/environments`, { timeout: 60_000 });
}

interface PageLoad {
  /** Every script, including what is fetched after the page has loaded (workers, idle warm-up). */
  scriptBytes: number;
  scripts: number;
  monacoScripts: string[];
  /** Only the scripts fetched until the load event (what the page needs to become usable). */
  loadScriptBytes: number;
  loadMonacoScripts: string[];
  /** The navigation's load event, ms after navigation start. */
  loadEventMs: number;
  interactiveMs?: number;
  firstPreviewMs?: number;
}

/** Loads `url` with a cold cache and adds up the script bytes it transfers. */
async function measureLoad(
  browser: Browser,
  storageState: string,
  url: string,
  editor: boolean,
): Promise<PageLoad> {
  const context = await browser.newContext({
    storageState: JSON.parse(storageState),
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  const pending: Promise<void>[] = [];
  const load: PageLoad = {
    scriptBytes: 0,
    scripts: 0,
    monacoScripts: [],
    loadScriptBytes: 0,
    loadMonacoScripts: [],
    loadEventMs: 0,
  };
  let loaded = false;
  context.on("requestfinished", (request) => {
    const isScript =
      ["script", "worker"].includes(request.resourceType()) || /\.m?js(\?|$)/.test(request.url());
    if (!isScript) return;
    const beforeLoad = !loaded;
    pending.push(
      (async () => {
        const sizes = await request.sizes().catch(() => null);
        const response = await request.response();
        const body = await response?.text().catch(() => "");
        const bytes = sizes ? sizes.responseBodySize + sizes.responseHeadersSize : (body?.length ?? 0);
        // Monaco's own code (not a mere mention of its name): its environment hook or its core.
        const monaco = !!body && /MonacoEnvironment|editorWorker|vs\/editor\/editor/.test(body);
        load.scripts += 1;
        load.scriptBytes += bytes;
        if (monaco) load.monacoScripts.push(request.url());
        if (beforeLoad) {
          load.loadScriptBytes += bytes;
          if (monaco) load.loadMonacoScripts.push(request.url());
        }
      })(),
    );
  });
  await page.goto(url, { waitUntil: "load" });
  loaded = true;
  load.loadEventMs = await page.evaluate(
    () => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).loadEventEnd,
  );
  if (editor) {
    await page.locator(".monaco-editor .view-line").first().waitFor({ timeout: 120_000 });
    await page.locator(".monaco-editor textarea").first().waitFor({ state: "attached" });
    load.interactiveMs = await page.evaluate(() => performance.now());
    await page.getByTestId("preview").getByText("probe").first().waitFor({ timeout: 60_000 });
    load.firstPreviewMs = await page.evaluate(() => performance.now());
  }
  // Workers and lazy chunks arrive after the first paint: let them finish so they are counted
  // (the editor page is never network-idle for long: it evaluates as soon as it loads).
  await page.waitForLoadState("networkidle", { timeout: 5000 }).catch(() => {});
  await page.waitForTimeout(3000);
  await Promise.all(pending);
  await context.close();
  return load;
}

/**
 * Types one character at the end of the `probe: v…` line after a pause and returns the ms from
 * its keydown to the preview showing the new value.
 */
async function keystrokeToPreview(page: Page, typed: number, burst = 1): Promise<number> {
  const expected = `v0${"x".repeat(typed + burst)}`;
  await page.evaluate((text) => {
    const w = window as unknown as { __bench: { start: number; end: number }; __benchListening?: boolean };
    w.__bench = { start: 0, end: 0 };
    // From the last keydown: for a burst, the time from the end of typing.
    if (!w.__benchListening) {
      window.addEventListener("keydown", () => (w.__bench.start = performance.now()), { capture: true });
      w.__benchListening = true;
    }
    const preview = document.querySelector('[data-testid="preview"]')!;
    const observer = new MutationObserver(() => {
      if (preview.textContent?.includes(text)) {
        w.__bench.end = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(preview, { subtree: true, childList: true, characterData: true });
  }, expected);
  for (let i = 0; i < burst; i++) {
    if (i > 0) await page.waitForTimeout(60); // a fast typist: ~60 ms between keys
    await page.keyboard.press("x");
  }
  await page.waitForFunction(
    () => (window as unknown as { __bench: { end: number } }).__bench.end > 0,
    null,
    {
      timeout: 30_000,
    },
  );
  return page.evaluate(() => {
    const b = (window as unknown as { __bench: { start: number; end: number } }).__bench;
    return b.end - b.start;
  });
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

async function main() {
  const samples = Number(option("samples", "40"));
  if (!Number.isSafeInteger(samples) || samples < 1)
    throw new Error("--samples must be a whole number of at least 1");
  // A private copy of the build: a rebuild of the shared checkout's .next cannot pull chunks
  // away from the page mid-run.
  const snapshot = snapshotBuild();
  const server = await startServer({ projectDir: snapshot.dir });
  const executablePath = existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
  try {
    await seed(server);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page, server);
    const storageState = JSON.stringify(await context.storageState());
    const editorUrl = `${server.url}/${ORG}/environments/${PROJECT}/big`;
    const listUrl = `${server.url}/${ORG}/environments`;

    // Page weight and time to interactive, each with a cold cache (a fresh context); the first
    // load of each page warms the server (Next compiles nothing at runtime, but caches routes).
    await measureLoad(browser, storageState, editorUrl, true);
    const editorLoad = await measureLoad(browser, storageState, editorUrl, true);
    await measureLoad(browser, storageState, listUrl, false);
    const listLoad = await measureLoad(browser, storageState, listUrl, false);

    // Keystroke → preview.
    await page.goto(editorUrl);
    await page.locator(".monaco-editor .view-line").first().waitFor({ timeout: 120_000 });
    await page.getByTestId("preview").getByText("probe").first().waitFor({ timeout: 60_000 });
    const lineCount = await page.evaluate(
      () => document.querySelectorAll(".monaco-editor .view-line").length,
    );
    await page.locator(".monaco-editor .view-line", { hasText: "probe: v0" }).first().click();
    await page.keyboard.press("End");
    const times: number[] = [];
    let typed = 0;
    for (let i = 1; i <= samples; i++) {
      await page.waitForTimeout(400); // a pause, as between edits
      times.push(await keystrokeToPreview(page, typed));
      typed += 1;
    }
    const burstTimes: number[] = [];
    for (let i = 1; i <= Math.max(5, Math.floor(samples / 2)); i++) {
      await page.waitForTimeout(400);
      burstTimes.push(await keystrokeToPreview(page, typed, 5));
      typed += 5;
    }

    const lines = definition(200, []).split("\n").length - 1;
    console.log(
      `bench:editor: ${lines}-line environment importing 2 others; load average ${loadavg()[0].toFixed(2)}`,
    );
    console.log(
      `  keystroke → preview (${samples} keystrokes after a 400 ms pause): median ${quantile(times, 0.5).toFixed(0)} ms, p95 ${quantile(times, 0.95).toFixed(0)} ms, min ${Math.min(...times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`,
    );
    console.log(
      `  last keystroke of a 5-key burst (60 ms apart) → preview (${burstTimes.length} bursts): median ${quantile(burstTimes, 0.5).toFixed(0)} ms, p95 ${quantile(burstTimes, 0.95).toFixed(0)} ms`,
    );
    console.log(
      `  editor page: ${kib(editorLoad.scriptBytes)} of JavaScript in ${editorLoad.scripts} scripts (cold cache, workers included); Monaco rendered and editable at ${editorLoad.interactiveMs!.toFixed(0)} ms, first preview at ${editorLoad.firstPreviewMs!.toFixed(0)} ms`,
    );
    const idleMonaco = listLoad.monacoScripts.length - listLoad.loadMonacoScripts.length;
    console.log(
      `  environments list page: ${kib(listLoad.loadScriptBytes)} of JavaScript until its load event (${listLoad.loadEventMs.toFixed(0)} ms); Monaco ${listLoad.loadMonacoScripts.length === 0 ? "not among it" : `AMONG IT: ${listLoad.loadMonacoScripts.join(", ")}`}; then ${kib(listLoad.scriptBytes - listLoad.loadScriptBytes)} fetched while idle (${idleMonaco} Monaco scripts: the editor warm-up)`,
    );
    console.log(
      `  (editor page: ${kib(editorLoad.loadScriptBytes)} until its load event at ${editorLoad.loadEventMs.toFixed(0)} ms; ${editorLoad.monacoScripts.length} scripts hold Monaco; ${lineCount} lines rendered)`,
    );
    if (listLoad.loadMonacoScripts.length > 0) process.exitCode = 1;
  } finally {
    await browser.close();
    await server.stop();
    snapshot.remove();
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
