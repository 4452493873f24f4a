// Shared test fixtures: the server started by global-setup as baseURL, a guard that fails any
// test whose page sent a request to a non-loopback host, and small helpers for the journeys.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { test as base, expect, type Page } from "@playwright/test";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export const test = base.extend<{ externalRequests: string[] }>({
  // Playwright requires the object pattern even when a fixture uses no other fixture.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    const url = process.env.E2E_BASE_URL;
    if (!url)
      throw new Error(
        "E2E_BASE_URL is not set: run through playwright.config.ts (global-setup starts the server)",
      );
    await use(url);
  },
  // Every request of every page is checked; external ones are blocked and recorded, and the
  // test fails at its end if there was any.
  externalRequests: [
    async ({ context }, use) => {
      const external: string[] = [];
      await context.route("**/*", async (route) => {
        const url = new URL(route.request().url());
        if ((url.protocol === "http:" || url.protocol === "https:") && !LOOPBACK.has(url.hostname)) {
          external.push(url.origin + url.pathname);
          await route.abort("blockedbyclient");
          return;
        }
        await route.continue();
      });
      await use(external);
      expect(external, "requests to hosts other than loopback").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

let counter = 0;
/** A name unique across runs against the same database, valid as org/env name. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}${counter}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

export interface Account {
  name: string;
  email: string;
  password: string;
  org: string;
}

export function newAccount(prefix = "user"): Account {
  const id = unique(prefix);
  return {
    name: `Test ${id}`,
    email: `${id}@example.test`,
    password: "correct horse battery",
    org: unique("org"),
  };
}

export async function signUp(page: Page, account: Account): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByLabel("Organization name").fill(account.org);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(`**/${account.org}/environments`);
}

export async function createEnvironment(
  page: Page,
  org: string,
  name: string,
  project?: string,
): Promise<void> {
  await page.goto(`/${org}/environments`);
  await page.getByRole("button", { name: "Create environment" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create environment" });
  if (project) await dialog.getByLabel("Project").fill(project);
  await dialog.getByLabel("Environment name").fill(name);
  await dialog.getByRole("button", { name: "Create environment" }).click();
  await page.waitForURL(`**/${org}/environments/${project ?? "default"}/${name}`);
  await waitForEditor(page);
}

/** Waits until Monaco is on the page and its text is rendered. */
export async function waitForEditor(page: Page): Promise<void> {
  // Monaco is a few MB of script: on a busy machine it takes a while to arrive and start.
  await page.locator(".monaco-editor .view-line").first().waitFor({ timeout: 60_000 });
}

/**
 * Replaces the editor's text as a user pasting it would: select all, then a paste event carrying
 * the text (typing it line by line would let Monaco's auto-indent re-indent each line). Waits
 * until the editor shows the text, pasting again if it does not: a paste dispatched while focus
 * is not in Monaco's input (a suggest list just closing, say) is ignored, which once left a test
 * polling the old text for a minute.
 */
export async function replaceEditorText(page: Page, text: string): Promise<void> {
  // Whitespace aside: the editor renders a long line as several wrapped ones.
  const squeezed = (value: string) => value.replace(/\s+/g, "");
  await expect
    .poll(
      async () => {
        await page.locator(".monaco-editor .view-line").first().click();
        await page.keyboard.press("ControlOrMeta+a");
        await page.evaluate((value) => {
          const target = document.activeElement;
          if (!target) throw new Error("nothing is focused in the editor");
          const data = new DataTransfer();
          data.setData("text/plain", value);
          target.dispatchEvent(
            new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
          );
        }, text);
        // The text of the editor that took the paste (a page may show more than one).
        return squeezed(
          await page.evaluate(() => {
            const editor = document.activeElement?.closest(".monaco-editor");
            const lines = [...(editor?.querySelectorAll<HTMLElement>(".view-lines .view-line") ?? [])];
            // In the order shown, not the order of the elements (Monaco recycles them).
            lines.sort((a, b) => parseFloat(a.style.top || "0") - parseFloat(b.style.top || "0"));
            return lines.map((line) => line.textContent ?? "").join("\n");
          }),
        );
      },
      { timeout: 30_000, intervals: [250, 500, 1_000] },
    )
    .toBe(squeezed(text));
}

/** The editor's visible text (Monaco renders spaces as non-breaking ones). */
export async function editorText(page: Page): Promise<string> {
  const lines = await page.locator(".monaco-editor .view-lines .view-line").evaluateAll((els) =>
    els
      .map((el) => ({
        top: parseFloat((el as HTMLElement).style.top || "0"),
        text: (el.textContent ?? "").replace(/\u00a0/g, " "),
      }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text),
  );
  return lines.join("\n");
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.join(process.cwd(), "test-results", "screenshots");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: false });
}

/** As an org admin on `page`: adds the existing user `email` to `org` on the members page. */
export async function addMember(page: Page, org: string, email: string): Promise<void> {
  await page.goto(`/${org}/settings/members`);
  await page.getByLabel("Email of an existing user").fill(email);
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.locator(".alert[role=status]")).toContainText(`Added ${email}`);
}

/** As an org admin on `page`: lowers `org`'s default environment permission to `level`, confirming. */
export async function lowerDefaultPermission(page: Page, org: string, level: string): Promise<void> {
  await page.goto(`/${org}/settings/access`);
  await page.getByLabel("Default permission for members").selectOption(level);
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("button", { name: `Lower to ${level}` }).click();
  await expect(page.locator(".alert[role=status]")).toContainText(`The default permission is now ${level}.`);
}
