// /account/tokens in a real browser against a real server: create a token (shown once, works on
// the API), see it listed with its last use, revoke it after confirming (then the API says 401).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { existsSync } from "node:fs";
import { chromium, type Browser } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedUserWithOrg } from "../support/admin";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let browser: Browser;
const shots = path.resolve(__dirname, "..", "..", "test-results", "screenshots");

beforeAll(async () => {
  server = await startServer();
  await seedUserWithOrg(server, "tokenuser", "tokenorg");
  const systemChromium = "/usr/bin/chromium";
  browser = await chromium.launch({
    ...(existsSync(systemChromium) ? { executablePath: systemChromium } : {}),
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
  mkdirSync(shots, { recursive: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("/account/tokens", () => {
  it("creates a token shown once, lists it, and revokes it after confirmation", async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
    await page.goto(`${server.url}/signin?next=/account/tokens`);
    await page.fill("#email", "tokenuser@example.com");
    await page.fill("#password", "correct horse battery staple");
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/account\/tokens$/, { timeout: 30_000 });

    await page.fill("#token-description", "laptop CLI");
    await page.selectOption("#token-expiry", "30");
    await page.click('button:has-text("Create token")');
    const field = page.getByTestId("new-token");
    await field.waitFor({ timeout: 30_000 });
    const token = await field.inputValue();
    expect(token).toMatch(/^esc_[A-Za-z0-9_-]{43}$/);
    await page.screenshot({ path: path.join(shots, "account-tokens-created.png"), fullPage: true });

    const me = await fetch(`${server.url}/api/user`, { headers: { Authorization: `token ${token}` } });
    expect(me.status).toBe(200);
    expect((await me.json()).tokenInfo).toEqual({ name: "laptop CLI" });

    // After a reload the token is gone from the page: only its description, dates and use remain.
    await page.reload();
    expect(await page.content()).not.toContain(token);
    const row = page.locator("tr", { hasText: "laptop CLI" });
    await expect(row.locator("td").nth(2).textContent()).resolves.toMatch(/just now|ago/);
    await expect(row.locator("td").nth(3).textContent()).resolves.toMatch(/in 4 weeks|in 30 days|next month|in 1 month/);

    await row.getByRole("button", { name: /Revoke/ }).click();
    await row.getByRole("button", { name: "Yes, revoke" }).click();
    await row.getByText("Revoked").waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(shots, "account-tokens-revoked.png"), fullPage: true });
    expect((await fetch(`${server.url}/api/user`, { headers: { Authorization: `token ${token}` } })).status).toBe(401);
    await page.close();
  }, 120_000);

  it("refuses an empty description with a message", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/signin?next=/account/tokens`);
    await page.fill("#email", "tokenuser@example.com");
    await page.fill("#password", "correct horse battery staple");
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/account\/tokens$/, { timeout: 30_000 });
    await page.click('button:has-text("Create token")');
    await page.getByRole("alert").getByText("Describe what the token is for.").waitFor({ timeout: 15_000 });
    await page.close();
  }, 60_000);

  it("sends visitors without a session to sign in", async () => {
    const res = await fetch(`${server.url}/account/tokens`, { redirect: "manual" });
    expect([302, 303, 307, 308]).toContain(res.status);
    expect(res.headers.get("location")).toMatch(/\/signin/);
  });
});
