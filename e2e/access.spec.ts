// Sign-up validation, sign-in/out, members, and organization isolation: a user of org A gets a
// 404 for every page and server action of org B.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { createEnvironment, expect, newAccount, screenshot, signUp, test } from "./fixtures";

test("sign-up validates, sign out and sign in again", async ({ page }) => {
  const account = newAccount("auth");
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill("short");
  await page.getByLabel("Organization name").fill("-bad org-");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#password-error")).toHaveText("Use at least 8 characters for your password.");
  await expect(page.locator("#org-error")).toContainText("Organization name must be 3 to 40 characters");
  await expect(page.getByLabel("Your name")).toHaveValue(account.name);
  await screenshot(page, "10-signup-errors");

  await page.getByLabel("Password").fill(account.password);
  await page.getByLabel("Organization name").fill(account.org);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(`**/${account.org}/environments`);

  await page.getByLabel(/Account menu/).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await page.waitForURL("**/signin");
  await page.goto(`/${account.org}/environments`);
  await page.waitForURL(/\/signin\?next=/);

  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill("wrong password!");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".alert[role=alert]")).toHaveText("Wrong email or password.");
  await screenshot(page, "11-signin-error");
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`**/${account.org}/environments`);

  // The same email cannot sign up twice.
  const again = await page.context().browser()!.newContext();
  const p2 = await again.newPage();
  await p2.goto(new URL("/signup", page.url()).href);
  await p2.getByLabel("Your name").fill("Someone");
  await p2.getByLabel("Email").fill(account.email);
  await p2.getByLabel("Password").fill("another password");
  await p2.getByLabel("Organization name").fill(newAccount().org);
  await p2.getByRole("button", { name: "Create account" }).click();
  await expect(p2.locator(".alert[role=alert]")).toContainText("already exists");
  await again.close();
});

test("a user of another organization gets 404 for its pages and server actions", async ({ page, browser, baseURL }) => {
  const alice = newAccount("alice");
  await signUp(page, alice);
  await createEnvironment(page, alice.org, "secret-env");

  const bobContext = await browser.newContext({ baseURL });
  const bob = await bobContext.newPage();
  const bobAccount = newAccount("bob");
  await signUp(bob, bobAccount);

  for (const path of [`/${alice.org}/environments`, `/${alice.org}/environments/default/secret-env`, `/${alice.org}/settings/members`, `/${alice.org}`]) {
    const response = await bob.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(bob.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
  }
  await screenshot(bob, "12-not-found");

  // The create-environment action, called with alice's org: refused as not found.
  await bob.goto(`/${bobAccount.org}/environments`);
  await bob.getByRole("button", { name: "Create environment" }).first().click();
  const dialog = bob.getByRole("dialog", { name: "Create environment" });
  await dialog.locator('input[name="org"]').evaluate((el, org) => ((el as HTMLInputElement).value = org), alice.org);
  await dialog.getByLabel("Environment name").fill("planted");
  await dialog.getByRole("button", { name: "Create environment" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Not found.");

  // The add-member action likewise (bob tries to add himself to alice's org).
  await bob.goto(`/${bobAccount.org}/settings/members`);
  await bob.locator('input[name="org"]').evaluate((el, org) => ((el as HTMLInputElement).value = org), alice.org);
  await bob.getByLabel("Email of an existing user").fill(bobAccount.email);
  await bob.getByRole("button", { name: "Add member" }).click();
  await expect(bob.locator(".alert[role=alert]")).toHaveText("Not found.");
  await bobContext.close();

  // Nothing was planted in alice's org.
  await page.goto(`/${alice.org}/environments`);
  await expect(page.getByRole("link", { name: "default / secret-env" })).toBeVisible();
  await expect(page.getByRole("link", { name: /planted/ })).toHaveCount(0);
});

test("an admin adds an existing user as a member, who then sees the organization", async ({ page, browser, baseURL }) => {
  const admin = newAccount("admin");
  await signUp(page, admin);
  await createEnvironment(page, admin.org, "team-env");

  const memberContext = await browser.newContext({ baseURL });
  const member = await memberContext.newPage();
  const memberAccount = newAccount("member");
  await signUp(member, memberAccount);

  await page.goto(`/${admin.org}/settings/members`);
  await page.getByLabel("Email of an existing user").fill("nobody-here@example.test");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.locator(".alert[role=alert]")).toContainText(/no user|not found|No account/i);

  await page.getByLabel("Email of an existing user").fill(memberAccount.email);
  await page.getByLabel("Role", { exact: true }).selectOption("member");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("status")).toHaveText(`Added ${memberAccount.email}.`);
  await expect(page.getByRole("row", { name: new RegExp(memberAccount.email) })).toContainText("member");
  await screenshot(page, "13-members");

  await member.goto(`/${admin.org}/environments`);
  await expect(member.getByRole("link", { name: "default / team-env" })).toBeVisible();
  // A plain member cannot add members.
  await member.goto(`/${admin.org}/settings/members`);
  await expect(member.getByText("Only organization admins can add members.")).toBeVisible();
  await memberContext.close();
});

test("npm start generated the session secret once, readable only by its owner", async () => {
  const dataDir = process.env.E2E_DATA_DIR;
  expect(dataDir, "global-setup exports the server's data directory").toBeTruthy();
  const file = path.join(dataDir!, "auth-secret");
  const st = statSync(file);
  expect(st.mode & 0o777).toBe(0o600);
  expect(readFileSync(file, "utf8").trim().length).toBeGreaterThanOrEqual(32);
});
