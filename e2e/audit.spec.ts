// The audit log page: an admin sees what happened in the organization, narrows it with the
// filters (kept in the URL), downloads the filtered view as CSV; a member has no link and gets
// the not-found page.
import { readFileSync } from "node:fs";
import { createEnvironment, expect, newAccount, screenshot, signUp, test } from "./fixtures";

test("an admin filters the audit log and downloads it as CSV; a member cannot see it", async ({
  page,
  browser,
  baseURL,
}) => {
  const admin = newAccount("auditor");
  await signUp(page, admin);
  await createEnvironment(page, admin.org, "alpha");
  await createEnvironment(page, admin.org, "beta");

  const memberContext = await browser.newContext({ baseURL });
  const member = await memberContext.newPage();
  const memberAccount = newAccount("plain");
  await signUp(member, memberAccount);
  await page.goto(`/${admin.org}/settings/members`);
  await page.getByLabel("Email of an existing user").fill(memberAccount.email);
  await page.getByLabel("Role", { exact: true }).selectOption("member");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("status")).toHaveText(`Added ${memberAccount.email}.`);

  // The side navigation leads admins to the log.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await page.waitForURL(`**/${admin.org}/audit`);
  const table = page.getByTestId("audit-table");
  await expect(table.getByRole("row", { name: /environment\.create.*default\/alpha/ })).toBeVisible();
  await expect(table.getByRole("row", { name: /environment\.create.*default\/beta/ })).toBeVisible();
  await expect(table.getByRole("row", { name: /member\.add/ })).toContainText(memberAccount.email);
  await expect(table.getByRole("row", { name: /organization\.create/ })).toBeVisible();
  await expect(table.getByRole("row", { name: /user\.sign_in/ }).first()).toBeVisible();

  // Filters: one environment, then one action.
  await page.getByLabel("Environment").fill("default/alpha");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.waitForURL(/environment=default%2Falpha/);
  const rows = table.locator("tbody tr");
  await expect(rows).not.toHaveCount(0);
  for (const text of await rows.allInnerTexts()) expect(text).toContain("default/alpha");
  await expect(page.getByLabel("Environment")).toHaveValue("default/alpha");

  await page.getByRole("link", { name: "Clear" }).click();
  await page.waitForURL(new RegExp(`/${admin.org}/audit$`));
  await expect(page.getByLabel("Environment")).toHaveValue("");
  await page.getByLabel("Action").selectOption("environment.create");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.waitForURL(/action=environment\.create/);
  await expect(rows).toHaveCount(2);
  await screenshot(page, "40-audit-log-filtered");

  // The CSV is the same filtered view.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("audit-export").click(),
  ]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^audit-${admin.org}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const csv = readFileSync((await download.path())!, "utf8")
    .trim()
    .split("\r\n");
  expect(csv[0]).toBe("time,action,result,target,user,user_email,token_id,token_description,ip,user_agent");
  expect(csv.slice(1).map((line) => line.split(",").slice(1, 4).join(","))).toEqual([
    "environment.create,success,default/beta",
    "environment.create,success,default/alpha",
  ]);

  // Nothing in a time range without events: the empty state says so.
  await page.goto(`/${admin.org}/audit?to=2001-01-01`);
  await expect(page.getByRole("heading", { name: "No events match" })).toBeVisible();

  // A member: no link, and the page is not there for them.
  await member.goto(`/${admin.org}/environments`);
  await expect(
    member.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Environments" }),
  ).toBeVisible();
  await expect(member.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  const res = await member.goto(`/${admin.org}/audit`);
  expect(res?.status()).toBe(404);
  const exported = await member.request.get(`/${admin.org}/audit/export`);
  expect(exported.status()).toBe(403);
  await memberContext.close();

  // The member's refused export is in the log, as denied (checked in the dark theme too).
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(`/${admin.org}/audit?result=denied`);
  await expect(table.getByRole("row", { name: /audit\.export/ })).toContainText(
    memberAccount.email.split("@")[0],
  );
  await expect(table.getByRole("row", { name: /audit\.export/ })).toContainText("denied");
  await screenshot(page, "41-audit-log-denied-dark");
});
