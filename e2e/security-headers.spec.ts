// The console under its Content-Security-Policy in real Chromium: sign-up, the environments list
// and the Monaco editor (with its editor and YAML workers) load and work with no CSP violation.
import { createEnvironment, expect, newAccount, replaceEditorText, signUp, test } from "./fixtures";

test("the editor runs Monaco and its workers with no CSP violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to (load|execute|create|apply|connect|frame)/i.test(msg.text()))
      violations.push(msg.text());
  });
  // The browser reports every blocked resource as an event, also those that log nothing.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  const workers: string[] = [];
  page.on("worker", (w) => workers.push(w.url()));

  const account = newAccount("csp");
  const first = await page.goto("/signup");
  const csp = first?.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("worker-src 'self' blob:");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(first?.headers()["x-frame-options"]).toBe("DENY");

  await signUp(page, account);
  await createEnvironment(page, account.org, "csp-check");
  // Editing exercises the YAML worker (validation, completions) and the live preview.
  await replaceEditorText(page, "values:\n  greeting: hello\n  copy: ${greeting}\n");
  await expect(page.getByText(/Unsaved changes/)).toBeVisible();
  await expect.poll(() => workers.length, { timeout: 30_000 }).toBeGreaterThan(0);
  await page.getByRole("button", { name: /^Save/ }).click();
  await expect(page.getByText(/Saved revision 2/)).toBeVisible();

  expect(violations).toEqual([]);
  // Workers come from this origin (or blobs made by this page), never from a CDN.
  for (const url of workers) expect(url).toMatch(/^(blob:)?http:\/\/(127\.0\.0\.1|localhost)/);
});
