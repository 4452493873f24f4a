import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// Debian's Chromium when present (Playwright's own browsers cannot be downloaded here);
// elsewhere Playwright's bundled Chromium.
const systemChromium = "/usr/bin/chromium";
const launchArgs = ["--no-sandbox", "--disable-dev-shm-usage"];

export default defineConfig({
  testDir: "e2e",
  testMatch: "*.spec.ts",
  globalSetup: "./e2e/global-setup.ts",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  // The machine has two cores shared with a production server under test: one worker.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  outputDir: "test-results/playwright",
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    launchOptions: existsSync(systemChromium) ? { executablePath: systemChromium, args: launchArgs } : { args: launchArgs },
    viewport: { width: 1360, height: 820 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
});
