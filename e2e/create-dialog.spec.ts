// The Create environment dialog explains invalid and duplicate names and stays open.
import { createEnvironment, expect, newAccount, screenshot, signUp, test } from "./fixtures";

test("invalid and duplicate names get a clear message in the dialog", async ({ page }) => {
  const account = newAccount("dialog");
  await signUp(page, account);
  await createEnvironment(page, account.org, "dev");
  await page.goto(`/${account.org}/environments`);

  await page.getByRole("button", { name: "Create environment" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create environment" });
  const name = dialog.getByLabel("Environment name");
  const submit = dialog.getByRole("button", { name: "Create environment" });

  const cases: [string, RegExp][] = [
    ["has space", /letters, digits, '-', '_' and '\.'/],
    [".hidden", /must not start with '\.'/],
    ["openthing", /must not start with 'open'/],
    ["x".repeat(101), /1 to 100 characters/],
    ["", /must not be empty|Enter/],
  ];
  for (const [value, message] of cases) {
    await name.fill(value);
    await submit.click();
    await expect(dialog.getByRole("alert")).toHaveText(message);
    await expect(dialog).toBeVisible();
  }

  await name.fill("dev");
  await submit.click();
  await expect(dialog.getByRole("alert")).toHaveText("An environment named default/dev already exists.");
  await expect(name).toHaveValue("dev");
  await screenshot(page, "09-dialog-duplicate");

  await dialog.getByLabel("Project").fill("bad/project");
  await name.fill("ok");
  await submit.click();
  await expect(dialog.getByRole("alert")).toContainText("Project name must be");
  await expect(page).toHaveURL(new RegExp(`/${account.org}/environments$`));
});
